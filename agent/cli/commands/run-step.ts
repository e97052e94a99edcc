// `ward run --step NAME` (internal): one step of the resident agent, in its own short-lived process; answers on stdout.
import { isAppError } from "../../../shared/errors.js";
import type { AgentConfigFlags } from "../../config/agent-config.js";
import { type AgentCore, networkWatches, watchIntervals } from "../../daemon/agent-core.js";
import { createCore, createRuntime, type Runtime } from "../../daemon/runtime.js";
import { releaseMemory } from "../../daemon/release-memory.js";
import { plainReason } from "../../daemon/scheduler.js";
import { formatStepAnswer, type StepAnswer, type StepName } from "../../daemon/step-protocol.js";
import { PARENT_PIPE_ENV, STEP_BUDGET_MS } from "../../daemon/step-process.js";
import { type CliIo, EXIT_ERROR, EXIT_OK } from "../io.js";
import { enrollFromConfigIfNeeded, recordPid } from "./run-in-process.js";

/** Network calls of a step end this long before the resident agent would kill it, so it can still answer. */
const NETWORK_MARGIN_MS = 30_000;

export interface StepFlags {
  config: AgentConfigFlags;
  quiet: boolean;
  /** The watch step: the controls whose watches are due. */
  only: string[];
}

export async function runStep(step: StepName, f: StepFlags, io: CliIo): Promise<number> {
  exitWithParent();
  let rt: Runtime | null = null;
  try {
    rt = await createRuntime(f.config, { console: !f.quiet, files: true });
    io.out(formatStepAnswer(await answer(step, rt, f)));
    return EXIT_OK;
  } catch (err) {
    const code = isAppError(err) ? err.code : undefined;
    io.out(formatStepAnswer({ ok: false, error: plainReason(err), ...(code ? { code } : {}) }));
    return EXIT_ERROR;
  } finally {
    await rt?.log.close();
  }
}

async function answer(step: StepName, rt: Runtime, f: StepFlags): Promise<StepAnswer> {
  if (step === "setup") return setup(rt);
  const deadline = AbortSignal.timeout(Math.max(10_000, STEP_BUDGET_MS[step] - NETWORK_MARGIN_MS));
  const core = await createCore(rt, rt.source, deadline);
  const common = async (): Promise<StepAnswer> => ({
    ok: true,
    intervalMinutes: (await core.currentPolicy()).checkIntervalMinutes,
  });
  switch (step) {
    case "cycle":
      return { ...(await common()), ...(await cycleThenDeliver(core)) };
    case "deliver":
      return { ...(await common()), delivery: await core.deliver() };
    case "policy": {
      const policy = await core.syncPolicy();
      return {
        ...(await common()),
        ...(policy ? {} : { ok: false, error: "the policy was not updated (see the log)" }),
      };
    }
    case "watch":
      await core.watch({ only: f.only });
      return common();
  }
}

/** Enrols from the config file if it carries a token, checks the device is enrolled, and says what the agent needs. */
async function setup(rt: Runtime): Promise<StepAnswer> {
  const c = rt.config;
  const config = {
    stateDir: c.stateDir,
    logDir: c.logDir,
    logLevel: c.logLevel,
    checkIntervalMinutes: c.checkIntervalMinutes ?? null,
    jitterSeconds: c.jitterSeconds,
    usbWatchSeconds: c.usbWatchSeconds,
  };
  try {
    await enrollFromConfigIfNeeded(rt);
  } catch (err) {
    if (isAppError(err) && err.code === "unavailable") {
      rt.log.warn("cannot enrol yet: the agent tries again", { reason: err.message });
      return { ok: false, code: "unavailable", error: err.message, setup: config };
    }
    throw err;
  }
  const core = await createCore(rt);
  // The resident agent is this step's parent: the uninstaller waits for it.
  recordPid(c.stateDir, process.ppid);
  rt.log.info("agent started", { stateDir: c.stateDir, pid: process.ppid });
  return {
    ok: true,
    setup: config,
    intervalMinutes: (await core.currentPolicy()).checkIntervalMinutes,
    watchIntervals: watchIntervals(),
    networkWatches: networkWatches(),
  };
}

/** A cycle, then delivery whatever the cycle did: what is already in the spool still goes. */
async function cycleThenDeliver(core: AgentCore): Promise<Pick<StepAnswer, "cycle" | "delivery">> {
  let cycle: StepAnswer["cycle"];
  try {
    cycle = { seqs: (await core.cycle()).map((r) => r.seq), error: null };
  } catch (err) {
    cycle = { seqs: [], error: plainReason(err) };
  }
  releaseMemory();
  try {
    return { cycle, delivery: await core.deliver() };
  } catch (err) {
    // The delivery's own failure is the scheduler's to retry; the cycle's outcome still counts.
    return { cycle: { ...cycle, error: cycle.error ?? null }, delivery: failedDelivery(plainReason(err)) };
  }
}

function failedDelivery(error: string) {
  return { sent: 0, accepted: 0, duplicate: 0, rejected: 0, remaining: 0, error };
}

/**
 * A step never outlives the resident agent that started it: the agent holds the write end of this step's stdin, and
 * when the agent ends (a service stop that kills it, a crash) the pipe closes and the step exits at once. Otherwise
 * an uninstall could find ward.exe still in use by an orphaned step. Its writes are atomic, as a kill is survived.
 */
export function exitWithParent(): void {
  if (process.env[PARENT_PIPE_ENV] !== "1") return;
  const stdin = process.stdin as NodeJS.ReadStream & { unref?: () => void };
  stdin.on("end", () => process.exit(EXIT_ERROR));
  stdin.on("error", () => process.exit(EXIT_ERROR));
  stdin.resume();
  // Reading stdin must not keep the step alive once its work is done.
  stdin.unref?.();
}
