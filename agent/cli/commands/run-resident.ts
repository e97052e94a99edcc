// The resident `ward run`: timing, the USB event watch and nothing else; every step runs in a step process.
import { isSea } from "node:sea";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { AppError, type AppErrorCode } from "../../../shared/errors.js";
import type { WatchOptions } from "../../daemon/agent-core.js";
import { lazyAgentLogger } from "../../daemon/lazy-logger.js";
import { Scheduler } from "../../daemon/scheduler.js";
import { StepCore } from "../../daemon/step-core.js";
import { selfCommand, StepProcesses } from "../../daemon/step-process.js";
import type { StepAnswer } from "../../daemon/step-protocol.js";
import { UsbEventWatch } from "../../daemon/usb-events.js";
import { createNodePlatform, currentOs } from "../../platform/node-platform.js";
import { EXIT_OK } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";

/**
 * True when argv asks for the resident agent (`run` without --once or --step): the single executable then loads only
 * this file's code, not the whole agent (installers/sea/entry.ts).
 */
export function isResidentRun(argv: readonly string[]): boolean {
  return argv[0] === "run" && !argv.some((a) => a === "--once" || a === "--step" || a.startsWith("--step="));
}

/** `ward run` (argv after "run"): the same flags as every step, which resolve config and state from them. */
export async function runResident(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_FLAGS, quiet: { type: "boolean" } },
    strict: true,
  });
  const quiet = values.quiet ?? false;
  // Absolute paths: steps work in the temporary folder, not in the service's (an uninstall must be able to remove it).
  const flags = Object.entries(commonFlags(values)).flatMap(([k, v]) =>
    v === undefined ? [] : [`--${kebab(k)}`, k === "logLevel" ? v : resolve(v)],
  );
  const steps = new StepProcesses({
    ...selfCommand(isSea()),
    flags: quiet ? [...flags, "--quiet"] : flags,
    log: stderrLog(),
  });
  return residentLoop(steps, quiet);
}

const STOP_BUDGET_MS = 5000;

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Until the setup step has said where the log lives, the resident agent can only say things on stderr. */
function stderrLog() {
  const line =
    (level: string) =>
    (message: string, meta: Record<string, unknown> = {}) =>
      process.stderr.write(`${level}: ${message} ${JSON.stringify(meta)}\n`);
  const log = {
    debug: () => undefined,
    info: line("info"),
    warn: line("warn"),
    error: line("error"),
    child: () => log,
  };
  return log;
}

/**
 * Watches with an event source are polled only as a fallback (a lost event, a stuck monitor): USB storage while its
 * monitor runs, and hotspot and Wi-Fi security, which a change of the device's network addresses calls for (read in
 * this process every watch tick: no process start). Twenty minutes: no fallback poll between two 15-minute cycles,
 * and a network used for twenty minutes between longer cycles is still seen.
 */
export const EVENT_FALLBACK_POLL_MS = 20 * 60_000;

/** How the resident agent's watch tick runs: event-driven watches polled only as a fallback, forced on their event. */
export function residentWatchOptions(t: {
  networkChanged: boolean;
  network: readonly string[];
  usbLive: boolean;
}): WatchOptions {
  const slower: Record<string, number> = Object.fromEntries(t.network.map((c) => [c, EVENT_FALLBACK_POLL_MS]));
  if (t.usbLive) slower["usb-storage"] = EVENT_FALLBACK_POLL_MS;
  return { slower, ...(t.networkChanged && t.network.length > 0 ? { force: t.network } : {}) };
}

async function residentLoop(steps: StepProcesses, quiet: boolean): Promise<number> {
  const first = await setupWithRetry(steps);
  const setup = first.setup!;
  steps.codeCacheDir = setup.stateDir;
  const log = lazyAgentLogger({ logDir: setup.logDir, level: setup.logLevel, console: !quiet, files: true });
  const core = new StepCore(steps, first);
  const os = currentOs();
  // A disk plugged in is looked at within seconds (Linux: udevadm monitor); polling every minute only without events.
  const usbEvents = new UsbEventWatch({
    platform: createNodePlatform(os ?? "linux"),
    log: log.child({ module: "usb-events" }),
    onChange: () => void core.watch({ force: ["usb-storage"] }).catch(() => undefined),
  });
  const scheduler = new Scheduler({
    core,
    log: log.child({ module: "scheduler" }),
    intervalMinutes: async () => setup.checkIntervalMinutes ?? core.intervalMinutes(),
    jitterMs: setup.jitterSeconds * 1000,
    watchMs: setup.usbWatchSeconds * 1000,
    watchOptions: ({ networkChanged }) => {
      usbEvents.ensure();
      return residentWatchOptions({ networkChanged, network: core.networkWatches(), usbLive: usbEvents.live() });
    },
  });
  const code = await new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(signal === "SIGINT" ? 130 : 143);
      stopping = true;
      log.info("stopping: finishing the step under way", { signal });
      scheduler.stop();
      usbEvents.stop();
      // Bounded: the step under way may finish its spool write; then it is killed (its writes survive a kill).
      const hard = setTimeout(() => {
        steps.stop();
        resolve(EXIT_OK);
      }, STOP_BUDGET_MS);
      void core.idle().then(() => {
        clearTimeout(hard);
        resolve(EXIT_OK);
      });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    // Last line of defence: a promise nobody awaited must never end the service; it is logged and work goes on.
    process.on("unhandledRejection", (reason) => {
      log.error("unexpected failure (the agent keeps running)", { reason: String(reason) });
    });
    usbEvents.ensure();
    void scheduler.start();
  });
  await log.close();
  return code;
}

/**
 * A service started before the network is up (or while the collector is down) keeps trying to enrol, backing off
 * from 30 s to 10 minutes, instead of exiting into the service manager's restart loop. A refused token is final.
 */
async function setupWithRetry(steps: StepProcesses): Promise<StepAnswer> {
  let delay = 30_000;
  for (;;) {
    const a = await steps.run("setup").catch((err: Error) => {
      // A step that crashed or hung says nothing about the enrolment: try again, as for a collector not reachable.
      process.stderr.write(`ward: the agent could not start its first step (${err.message}); trying again\n`);
      return null;
    });
    if (a?.ok && a.setup) return a;
    if (a && a.code !== "unavailable") {
      throw new AppError((a.code as AppErrorCode | undefined) ?? "internal", a.error ?? "setup failed");
    }
    await new Promise((r) => setTimeout(r, delay * (0.75 + Math.random() / 2)));
    delay = Math.min(delay * 2, 600_000);
  }
}
