// Runs each step of the resident agent in a short-lived process of the same executable, one at a time, within a bound.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import type { Logger } from "../../shared/logger.js";
import { parseStepAnswer, type StepAnswer, type StepName } from "./step-protocol.js";

/**
 * How long each step may take before it is killed. A cycle's checks have 5 minutes (run-checks.ts) and its delivery
 * the network deadline the step sets itself (step budget minus a margin); the bound is the last line of defence.
 */
export const STEP_BUDGET_MS: Record<StepName, number> = {
  setup: 3 * 60_000,
  cycle: 8 * 60_000,
  deliver: 3 * 60_000,
  policy: 2 * 60_000,
  watch: 2 * 60_000,
};

/** Set for a step whose stdin is the resident agent's pipe (a step run by hand or by the bench has none). */
export const PARENT_PIPE_ENV = "WARD_STEP_PARENT_PIPE";

/**
 * Set for a step of the service: the state folder, where the single executable keeps V8's code cache of the agent
 * (installers/sea/code-cache.ts). Only the service's own steps use it; a command run by hand compiles as before.
 */
export const CODE_CACHE_ENV = "WARD_CODE_CACHE_DIR";

/** Most stdout kept from a step: its answer is one short line; anything beyond is not ours. */
const MAX_STDOUT = 1024 * 1024;

export interface StepProcessOptions {
  /** The executable and the arguments before the command (none in the single executable; node's loader and script otherwise). */
  command: string;
  prefix: readonly string[];
  /** Passed to every step after `run --step NAME`: where config and state live, --quiet. */
  flags: readonly string[];
  log: Logger;
  budgets?: Partial<Record<StepName, number>>;
  /** Where steps work (default: here). */
  cwd?: string;
}

/**
 * One step at a time (a cycle and a watch never write state together), each in its own process: when it exits, the
 * operating system takes back every byte it used, so the resident agent stays at its idle size between steps. A step
 * that crashes answers nothing and one that hangs is killed at its bound; either way the caller gets an error in
 * plain words and the scheduler tries again as it does for any failed step.
 */
export class StepProcesses {
  private queue: Promise<unknown> = Promise.resolve();
  private current: { kill(): void } | null = null;
  private stopped = false;
  /** Process starts so far (the bench and tests read it). */
  started = 0;
  /** The state folder once setup has said it: steps keep the agent's code cache there. */
  codeCacheDir: string | null = null;

  constructor(private readonly o: StepProcessOptions) {}

  run(step: StepName, extra: readonly string[] = []): Promise<StepAnswer> {
    const next = this.queue.then(
      () => this.spawnStep(step, extra),
      () => this.spawnStep(step, extra),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for the step under way, if any. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** No new step starts; the one under way is killed (its writes are atomic, as a kill -9 of the agent is survived). */
  stop(): void {
    this.stopped = true;
    this.current?.kill();
  }

  private spawnStep(step: StepName, extra: readonly string[]): Promise<StepAnswer> {
    if (this.stopped) return Promise.reject(new Error("the agent is stopping"));
    const budget = this.o.budgets?.[step] ?? STEP_BUDGET_MS[step];
    const posix = process.platform !== "win32";
    return new Promise<StepAnswer>((resolve, reject) => {
      this.started++;
      const child = spawn(this.o.command, [...this.o.prefix, "run", "--step", step, ...extra, ...this.o.flags], {
        // stdin: a pipe never written to; it closes when this process ends, and the step then exits (run-step.ts).
        stdio: ["pipe", "pipe", "inherit"],
        windowsHide: true,
        env: {
          ...process.env,
          [PARENT_PIPE_ENV]: "1",
          ...(this.codeCacheDir ? { [CODE_CACHE_ENV]: this.codeCacheDir } : {}),
        },
        cwd: this.o.cwd ?? process.cwd(),
        // Its own process group on Linux and macOS, so a kill also reaches the probe it is waiting for.
        detached: posix,
      });
      let out = "";
      let timedOut = false;
      const kill = () => {
        try {
          if (posix && child.pid) process.kill(-child.pid, "SIGKILL");
          else child.kill("SIGKILL");
        } catch {
          // already gone
        }
      };
      this.current = { kill };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, budget);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (text: string) => {
        if (out.length < MAX_STDOUT) out += text;
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        this.current = null;
        reject(new Error(`the ${step} step could not start (${err.message})`));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        this.current = null;
        const answer = parseStepAnswer(out);
        if (timedOut) {
          reject(new Error(`the ${step} step did not finish within ${Math.round(budget / 1000)} s and was stopped`));
        } else if (answer) resolve(answer);
        else {
          const how = signal ? `was killed (${signal})` : `ended with exit code ${code}`;
          reject(new Error(`the ${step} step ${how} without an answer`));
        }
      });
    });
  }
}

/**
 * In the single executable, ward itself, working in the temporary folder (not the service's: on Windows a process
 * working in Program Files\Ward keeps an uninstall from removing it). Under node or tsx (development, tests), node
 * with the same loader flags and script, working here (the loader is found from here).
 */
export function selfCommand(isSea: boolean): { command: string; prefix: string[]; cwd: string } {
  if (isSea) return { command: process.execPath, prefix: [], cwd: tmpdir() };
  return { command: process.execPath, prefix: [...process.execArgv, process.argv[1] ?? ""], cwd: process.cwd() };
}
