// `ward status [--json] [--show-report]`: enrolment, last cycle and delivery, spool depth, last results; what was sent.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Envelope } from "../../../shared/schemas/envelope.js";
import { agentPathsFor } from "../../config/agent-paths.js";
import { resolveAgentConfig } from "../../config/agent-config.js";
import { LAST_REPORT_FILE } from "../../daemon/agent-core.js";
import { silentLogger } from "../../../shared/logger.js";
import { createNodePlatform, currentOs } from "../../platform/node-platform.js";
import { Spool } from "../../spool/spool.js";
import { type AgentState, INITIAL_STATE, readAgentState } from "../../state/agent-state.js";
import { isCorruptFile, readJsonFile } from "../../state/atomic-file.js";
import { readDeviceKey, readEnrollment, REENROL_ADVICE } from "../../state/identity-store.js";
import { loadPolicy, readPolicyFetched, readPolicyRefused } from "../../daemon/policy-store.js";
import { formatResultsTable } from "../format-results.js";
import { type CliIo, EXIT_ERROR, EXIT_OK } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";
import { localTime, notEnrolled } from "./status-words.js";

export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_FLAGS, json: { type: "boolean" }, "show-report": { type: "boolean" } },
    strict: true,
  });
  const os = currentOs() ?? "linux";
  const flags = commonFlags(values);
  const { config } = resolveAgentConfig(await agentPathsFor(os, createNodePlatform(os), flags), flags);
  const stateDir = config.stateDir;
  if (values["show-report"]) {
    const env = await readJsonFile(join(stateDir, LAST_REPORT_FILE), Envelope);
    if (!env) {
      io.err("No report has been made on this device yet.\n");
      return EXIT_ERROR;
    }
    io.out(`${JSON.stringify(JSON.parse(env.payload), null, 2)}\n`);
    return EXIT_OK;
  }
  // A damaged file is a fault to show, in plain words with what to do, never "all is well" and never a crash.
  const faults: string[] = [];
  const readOrFault = async <T>(read: () => Promise<T | null>, advice: string): Promise<T | null> => {
    try {
      return await read();
    } catch (err) {
      if (!isCorruptFile(err)) throw err;
      faults.push(`${err.message} ${advice}`);
      return null;
    }
  };
  const [enrollment, key, stateRead, depth] = await Promise.all([
    readOrFault(() => readEnrollment(stateDir), REENROL_ADVICE),
    readOrFault(() => readDeviceKey(stateDir), REENROL_ADVICE),
    readOrFault(() => readAgentState(stateDir), "The agent rebuilds it by itself at its next check; nothing to do."),
    new Spool(stateDir, silentLogger).depth(),
  ]);
  if (enrollment && !key && faults.length === 0)
    faults.push(`The device key is missing from ${stateDir}. ${REENROL_ADVICE}`);
  const state: AgentState = stateRead ?? INITIAL_STATE;
  // The policy the next check uses: re-verified with the pinned collector key (a tampered file counts as none).
  const held = enrollment
    ? await loadPolicy(stateDir, enrollment.collectorPublicKey, silentLogger, enrollment.councilId)
    : null;
  const fetched = await readPolicyFetched(stateDir);
  const refused = enrollment ? await readPolicyRefused(stateDir) : null;
  const policy = {
    version: held?.version ?? null,
    fetchedAt: fetched && held && fetched.version === held.version ? fetched.fetchedAt : null,
    ...(refused ? { refused } : {}),
  };
  const status = {
    ok: faults.length === 0,
    faults,
    enrolled: enrollment !== null,
    collector: enrollment?.serverUrl ?? null,
    council: enrollment?.councilName ?? null,
    deviceId: enrollment?.deviceId ?? null,
    lastCycleAt: state.lastCycleAt,
    lastDeliveryAt: state.lastDeliveryAt,
    lastDeliveryError: state.lastDeliveryError,
    seq: state.seq,
    policy,
    spool: { depth: depth.count, bytes: depth.bytes },
    results: state.lastResults ?? [],
  };
  if (values.json) {
    io.out(`${JSON.stringify(status, null, 2)}\n`);
    return faults.length ? EXIT_ERROR : EXIT_OK;
  }
  io.out(
    [
      ...faults.map((f) => `PROBLEM: ${f}`),
      enrollment
        ? `Enrolled with ${enrollment.councilName} at ${enrollment.serverUrl} (device ${enrollment.deviceId}).`
        : notEnrolled(os, flags.stateDir),
      `Last check:     ${localTime(state.lastCycleAt) ?? "never"}`,
      `Last delivery:  ${localTime(state.lastDeliveryAt) ?? "never"}${state.lastDeliveryError ? ` (last attempt failed: ${state.lastDeliveryError})` : ""}`,
      `Waiting to send: ${depth.count} report(s), ${Math.ceil(depth.bytes / 1024)} KB`,
      ...(enrollment ? [policyLine(policy)] : []),
      ...(refused ? [`Policy refused: ${refused.reason}`] : []),
      "",
    ].join("\n"),
  );
  if (state.lastResults) io.out(formatResultsTable(state.lastResults));
  return faults.length ? EXIT_ERROR : EXIT_OK;
}

/** The policy in words, fetched time in the clerk's local time. */
function policyLine(p: { version: number | null; fetchedAt: string | null }): string {
  if (p.version === null)
    return "Policy:         none yet (the built-in defaults apply until the council's policy arrives)";
  const at = localTime(p.fetchedAt);
  return `Policy:         council policy version ${p.version}${at ? `, fetched ${at}` : ""}`;
}
