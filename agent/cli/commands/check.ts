// `ward check`: one check cycle on this machine (or a replayed capture), printed as a table or JSON; no network.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AppError } from "../../../shared/errors.js";
import { DEFAULT_POLICY, Policy } from "../../../shared/schemas/policy.js";
import { formatZodError } from "../../../shared/zod-error.js";
import { captureSource } from "../../checks/framework/capture-source.js";
import { liveSource, type ProbeSource } from "../../checks/framework/probe-source.js";
import { replaySource } from "../../checks/framework/replay-source.js";
import { runChecks } from "../../checks/framework/run-checks.js";
import { CHECKS } from "../../checks/registry.js";
import { createNodePlatform, currentOs } from "../../platform/node-platform.js";
import { formatResultsTable } from "../format-results.js";
import { type CliIo, EXIT_FAILING, EXIT_OK } from "../io.js";

export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean" },
      capture: { type: "string" },
      replay: { type: "string" },
      policy: { type: "string" },
    },
    strict: true,
  });
  if (values.capture && values.replay) throw new AppError("usage", "Use --capture or --replay, not both.");
  const policy = values.policy ? await loadPolicyFile(values.policy) : DEFAULT_POLICY;
  const source = await pickSource(values.replay, values.capture);
  const results = await runChecks({ source, policy, checks: CHECKS });
  if (values.json) io.out(`${JSON.stringify({ results }, null, 2)}\n`);
  else io.out(formatResultsTable(results, process.stdout.columns || 100));
  return results.some((r) => r.status === "fail") ? EXIT_FAILING : EXIT_OK;
}

async function pickSource(replayDir?: string, captureDir?: string): Promise<ProbeSource> {
  if (replayDir) return replaySource(replayDir);
  const os = currentOs();
  if (!os)
    throw new AppError("usage", `Ward does not support ${process.platform}: it runs on Windows, macOS and Linux.`);
  const live = liveSource(createNodePlatform(os));
  return captureDir ? captureSource(live, captureDir) : live;
}

export async function loadPolicyFile(path: string): Promise<Policy> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new AppError("usage", `Cannot read the policy file ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = Policy.safeParse(raw);
  if (!parsed.success) throw new AppError("usage", `The policy file ${path} is ${formatZodError(parsed.error)}`);
  return parsed.data;
}
