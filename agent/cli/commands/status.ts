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
import { readAgentState } from "../../state/agent-state.js";
import { readJsonFile } from "../../state/atomic-file.js";
import { readEnrollment } from "../../state/identity-store.js";
import { formatResultsTable } from "../format-results.js";
import { type CliIo, EXIT_ERROR, EXIT_OK } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";

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
  const [enrollment, state, depth] = await Promise.all([
    readEnrollment(stateDir),
    readAgentState(stateDir),
    new Spool(stateDir, silentLogger).depth(),
  ]);
  const status = {
    enrolled: enrollment !== null,
    collector: enrollment?.serverUrl ?? null,
    council: enrollment?.councilName ?? null,
    deviceId: enrollment?.deviceId ?? null,
    lastCycleAt: state.lastCycleAt,
    lastDeliveryAt: state.lastDeliveryAt,
    lastDeliveryError: state.lastDeliveryError,
    seq: state.seq,
    spool: { depth: depth.count, bytes: depth.bytes },
    results: state.lastResults ?? [],
  };
  if (values.json) {
    io.out(`${JSON.stringify(status, null, 2)}\n`);
    return EXIT_OK;
  }
  io.out(
    [
      enrollment ? `Enrolled with ${enrollment.councilName} at ${enrollment.serverUrl} (device ${enrollment.deviceId}).` : "Not enrolled.",
      `Last check:     ${state.lastCycleAt ?? "never"}`,
      `Last delivery:  ${state.lastDeliveryAt ?? "never"}${state.lastDeliveryError ? ` (last attempt failed: ${state.lastDeliveryError})` : ""}`,
      `Waiting to send: ${depth.count} report(s), ${Math.ceil(depth.bytes / 1024)} KB`,
      "",
    ].join("\n"),
  );
  if (state.lastResults) io.out(formatResultsTable(state.lastResults));
  return EXIT_OK;
}
