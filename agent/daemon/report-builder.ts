// Builds the next report in the device's chain: full, heartbeat when nothing changed, or a spool-drop record.
import { canonicalJson } from "../../shared/canonical-json.js";
import { sha256Hex } from "../../shared/crypto/ed25519.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { Report } from "../../shared/schemas/report.js";
import type { DeviceDescription } from "../platform/inventory.js";
import type { AgentState } from "../state/agent-state.js";
import { AGENT_VERSION } from "../version.js";

/** A heartbeat stands for the last full report for at most this long; then a full report is sent again. */
export const FULL_REPORT_EVERY_MS = 24 * 3600_000;

export const resultsHashOf = (results: CheckResult[]) => sha256Hex(canonicalJson(results));

interface Common {
  deviceId: string;
  state: AgentState;
  device: DeviceDescription;
  now: Date;
}

function base(c: Common) {
  return {
    deviceId: c.deviceId,
    agentVersion: AGENT_VERSION,
    seq: c.state.seq + 1,
    prevHash: c.state.seq === 0 ? null : c.state.lastHash,
    collectedAt: c.now.toISOString(),
    os: c.device.os,
    inventory: c.device.inventory,
  };
}

export function buildResultsReport(c: Common & { results: CheckResult[]; policyVersion?: number }): Report {
  const resultsHash = resultsHashOf(c.results);
  const lastFull = c.state.lastFullAt ? Date.parse(c.state.lastFullAt) : 0;
  if (resultsHash === c.state.lastResultsHash && c.now.getTime() - lastFull < FULL_REPORT_EVERY_MS) {
    return { ...base(c), ...policyOf(c), kind: "heartbeat", resultsHash };
  }
  return { ...base(c), ...policyOf(c), kind: "full", results: c.results, resultsHash };
}

/** The policy version that judged these results: the collector shows it as what the laptop confirmed. */
const policyOf = (c: { policyVersion?: number }) =>
  c.policyVersion === undefined ? {} : { policyVersion: c.policyVersion };

export function buildDropReport(
  c: Common & { dropped: { count: number; firstSeq: number; lastSeq: number }; reason?: string },
): Report {
  const reason = c.reason ?? "The agent could not deliver for too long and its spool passed its size or age limit.";
  return { ...base(c), kind: "spool-drop", dropped: { ...c.dropped, reason: reason.slice(0, 500) } };
}
