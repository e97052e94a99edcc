// `ward run [--once]`: the service's daemon (run-resident.ts), one cycle (--once), or one step of the daemon (--step).
import { parseArgs } from "node:util";
import { AppError } from "../../../shared/errors.js";
import { isStepName } from "../../daemon/step-protocol.js";
import type { CliIo } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";

export { runOnce } from "./run-once.js";

export const RUN_FLAGS = {
  ...COMMON_FLAGS,
  once: { type: "boolean" },
  quiet: { type: "boolean" },
  /** Internal: the resident agent's step processes. */
  step: { type: "string" },
  only: { type: "string" },
} as const;

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: RUN_FLAGS, strict: true });
  const config = commonFlags(values);
  const quiet = values.quiet ?? false;
  if (values.step !== undefined) {
    if (!isStepName(values.step)) throw new AppError("usage", `ward run: unknown step "${values.step}".`);
    const { runStep } = await import("./run-step.js");
    return runStep(values.step, { config, quiet, only: (values.only ?? "").split(",").filter(Boolean) }, io);
  }
  if (values.once) return (await import("./run-in-process.js")).runOnceCommand(config, quiet, io);
  return (await import("./run-resident.js")).runResident(argv);
}
