// Enrolment: make the device key (once), register it with the collector using a token, pin the collector's key.
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import type { Logger } from "../../shared/logger.js";
import { AGENT_VERSION } from "../version.js";
import type { DeviceDescription } from "../platform/inventory.js";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { INITIAL_STATE, readAgentState, writeAgentState } from "../state/agent-state.js";
import { type Enrollment, readDeviceKey, readEnrollment, writeDeviceKey, writeEnrollment } from "../state/identity-store.js";
import type { CollectorClient } from "../transport/collector-client.js";
import { acceptPolicy } from "./policy-store.js";

export interface EnrollInput {
  stateDir: string;
  serverUrl: string;
  token: string;
  client: CollectorClient;
  device: DeviceDescription;
  log: Logger;
  now?: Date;
}

/**
 * A new device id (re-enrolled, or moved to another collector) starts a new chain at seq 1. Reports spooled for the
 * old id are set aside in spool-<old id>/ (kept for support), since the collector would refuse them now.
 */
async function startNewChain(stateDir: string, oldDeviceId: string, log: Logger): Promise<void> {
  const spool = join(stateDir, "spool");
  await rename(spool, join(stateDir, `spool-${oldDeviceId}`)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
  const state = await readAgentState(stateDir);
  await writeAgentState(stateDir, { ...INITIAL_STATE, memory: state.memory });
  log.warn("re-enrolled under a new device id: a new report chain starts", { oldDeviceId });
}

export async function enrollDevice(i: EnrollInput): Promise<Enrollment> {
  let key = await readDeviceKey(i.stateDir);
  if (!key) {
    const pair = generateEd25519KeyPair();
    key = { ...pair, createdAt: (i.now ?? new Date()).toISOString() };
    await writeDeviceKey(i.stateDir, key);
    i.log.info("device key created");
  }
  const res = await i.client.enroll({
    token: i.token,
    publicKey: key.publicKey,
    os: i.device.os,
    inventory: i.device.inventory,
    agentVersion: AGENT_VERSION,
  });
  // The policy must verify with the key the collector just gave us before anything is stored.
  await acceptPolicy(i.stateDir, res.policy, res.collectorPublicKey);
  const enrollment: Enrollment = {
    deviceId: res.deviceId,
    councilId: res.councilId,
    councilName: res.councilName,
    serverUrl: i.serverUrl,
    collectorPublicKey: res.collectorPublicKey,
    enrolledAt: (i.now ?? new Date()).toISOString(),
  };
  const previous = await readEnrollment(i.stateDir);
  if (previous && previous.deviceId !== enrollment.deviceId) await startNewChain(i.stateDir, previous.deviceId, i.log);
  await writeEnrollment(i.stateDir, enrollment);
  i.log.info("enrolled", { deviceId: res.deviceId, council: res.councilName, reenrolled: res.reenrolled });
  return enrollment;
}
