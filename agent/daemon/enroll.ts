// Enrolment: make the device key (once), register it with the collector using a token, pin the collector's key.
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import type { Logger } from "../../shared/logger.js";
import { AGENT_VERSION } from "../version.js";
import type { DeviceDescription } from "../platform/inventory.js";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { INITIAL_STATE, readAgentState, writeAgentState } from "../state/agent-state.js";
import { isCorruptFile, quarantineFile } from "../state/atomic-file.js";
import {
  type Enrollment,
  identityPaths,
  readDeviceKey,
  readEnrollment,
  writeDeviceKey,
  writeEnrollment,
} from "../state/identity-store.js";
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
  const state = await readAgentState(stateDir).catch(() => INITIAL_STATE);
  await writeAgentState(stateDir, { ...INITIAL_STATE, memory: state.memory });
  log.warn("re-enrolled under a new device id: a new report chain starts", { oldDeviceId });
}

/** A damaged identity file is moved aside (kept for support) so enrolling again replaces it; null then. */
async function readOrSetAside<T>(
  path: string,
  read: () => Promise<T | null>,
  log: Logger,
): Promise<{ value: T | null; damaged: boolean }> {
  try {
    return { value: await read(), damaged: false };
  } catch (err) {
    if (!isCorruptFile(err)) throw err;
    const movedTo = await quarantineFile(path);
    log.warn("a damaged identity file was moved aside; enrolling replaces it", { path, movedTo });
    return { value: null, damaged: true };
  }
}

export async function enrollDevice(i: EnrollInput): Promise<Enrollment> {
  const paths = identityPaths(i.stateDir);
  const prevRead = await readOrSetAside(paths.enrollment, () => readEnrollment(i.stateDir), i.log);
  const keyRead = await readOrSetAside(paths.key, () => readDeviceKey(i.stateDir), i.log);
  let key = keyRead.value;
  if (key && prevRead.damaged) {
    // The collector knows this key under an enrolment we can no longer read, and refuses to enrol it twice:
    // a new key makes a new, clean enrolment. The old key is kept aside for support.
    i.log.warn("the enrolment file was damaged: a new device key is made for the new enrolment", {
      movedTo: await quarantineFile(paths.key),
    });
    key = null;
  }
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
  await acceptPolicy(i.stateDir, res.policy, res.collectorPublicKey, { fresh: true, councilId: res.councilId });
  const enrollment: Enrollment = {
    deviceId: res.deviceId,
    councilId: res.councilId,
    councilName: res.councilName,
    serverUrl: i.serverUrl,
    collectorPublicKey: res.collectorPublicKey,
    enrolledAt: (i.now ?? new Date()).toISOString(),
  };
  const previous = prevRead.value;
  // A new key, or an enrolment we can no longer read, cannot continue the old chain: its reports are set aside.
  if (previous && previous.deviceId !== enrollment.deviceId) await startNewChain(i.stateDir, previous.deviceId, i.log);
  else if (
    prevRead.damaged ||
    keyRead.damaged ||
    (!previous && (await readAgentState(i.stateDir).catch(() => INITIAL_STATE)).seq > 0)
  ) {
    // A chain whose enrolment is unreadable or gone (set aside as damaged) cannot go on under the new enrolment.
    await startNewChain(i.stateDir, previous?.deviceId ?? `damaged-${Date.now()}`, i.log);
  }
  await writeEnrollment(i.stateDir, enrollment);
  i.log.info("enrolled", { deviceId: res.deviceId, council: res.councilName, reenrolled: res.reenrolled });
  return enrollment;
}
