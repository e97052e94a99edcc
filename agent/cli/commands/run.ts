// `ward run [--once]`: the service's daemon (or one cycle): enrol from config if needed, check, spool, deliver.
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "../../../shared/errors.js";
import type { Logger } from "../../../shared/logger.js";
import type { AgentCore } from "../../daemon/agent-core.js";
import { createCore, createRuntime, enrollRuntime, type Runtime } from "../../daemon/runtime.js";
import { plainReason, Scheduler } from "../../daemon/scheduler.js";
import { UsbEventWatch } from "../../daemon/usb-events.js";
import { writeFileAtomic } from "../../state/atomic-file.js";
import { readEnrollment } from "../../state/identity-store.js";
import { type CliIo, EXIT_ERROR, EXIT_OK } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";

const STOP_BUDGET_MS = 5000;
/** `ward run --once` ends within this, whatever the network does (a collector that accepts and never answers). */
export const ONCE_DEADLINE_MS = 60_000;

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_FLAGS, once: { type: "boolean" }, quiet: { type: "boolean" } },
    strict: true,
  });
  const rt = await createRuntime(commonFlags(values), { console: !values.quiet, files: true });
  try {
    if (values.once) await enrollFromConfigIfNeeded(rt);
    else await enrollWithRetry(rt);
    if (values.once) {
      // One deadline for every network call of this run (policy, then delivery), retries included.
      const deadline = AbortSignal.timeout(ONCE_DEADLINE_MS);
      const core = await createCore(rt, rt.source, deadline);
      return await runOnce(core, io);
    }
    return await runForever(rt, await createCore(rt));
  } finally {
    await rt.log.close();
  }
}

/**
 * One cycle, then delivery whatever the cycle did: a full disk fails the new report, but what is already in the
 * spool is still sent. Failures are said in plain words (no stack) and the exit code is not zero.
 */
export async function runOnce(core: AgentCore, io: CliIo): Promise<number> {
  await core.syncPolicy();
  let wrote = "";
  let failed: string | null = null;
  try {
    const reports = await core.cycle();
    wrote = `Checked and wrote report ${reports.map((r) => r.seq).join(", ")}`;
  } catch (err) {
    failed = plainReason(err);
    wrote = `The check could not be saved: ${failed}`;
  }
  try {
    const out = await core.deliver();
    io.out(
      `${wrote}; delivered ${out.accepted + out.duplicate}, ${out.remaining} waiting in the spool` +
        `${out.error ? ` (delivery failed: ${out.error})` : ""}.\n`,
    );
  } catch (err) {
    io.out(`${wrote}; delivery could not run: ${plainReason(err)}.\n`);
    return EXIT_ERROR;
  }
  return failed ? EXIT_ERROR : EXIT_OK;
}

/** With USB events live, the minute-by-minute poll becomes a fallback every 10 minutes (a lost event, a stuck monitor). */
const USB_FALLBACK_POLL_MS = 10 * 60_000;

async function runForever(rt: Runtime, core: AgentCore): Promise<number> {
  // A disk plugged in is looked at within seconds (Linux: udevadm monitor); polling every minute only without events.
  const usbEvents = new UsbEventWatch({
    platform: rt.platform,
    log: rt.log.child({ module: "usb-events" }),
    onChange: () => void core.watch({ force: ["usb-storage"] }).catch(() => undefined),
  });
  const scheduler = new Scheduler({
    core,
    log: rt.log.child({ module: "scheduler" }),
    intervalMinutes: async () => rt.config.checkIntervalMinutes ?? (await core.currentPolicy()).checkIntervalMinutes,
    jitterMs: rt.config.jitterSeconds * 1000,
    watchMs: rt.config.usbWatchSeconds * 1000,
    watchOptions: () => {
      usbEvents.ensure();
      return usbEvents.live() ? { slower: { "usb-storage": USB_FALLBACK_POLL_MS } } : {};
    },
  });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        rt.log.warn("second signal: exiting now", { signal });
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
      stopping = true;
      rt.log.info("stopping: finishing the step under way", { signal });
      scheduler.stop();
      usbEvents.stop();
      // Bounded: the spool write under way finishes; a hung network call does not hold the service stop.
      const hard = setTimeout(() => resolve(EXIT_OK), STOP_BUDGET_MS);
      void core.idle().then(() => {
        clearTimeout(hard);
        resolve(EXIT_OK);
      });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    // Last line of defence: a promise nobody awaited must never end the service; it is logged and work goes on.
    process.on("unhandledRejection", (reason) => {
      rt.log.error("unexpected failure (the agent keeps running)", { reason: plainReason(reason) });
    });
    rt.log.info("agent started", { stateDir: rt.config.stateDir });
    recordPid(rt.config.stateDir);
    usbEvents.ensure();
    void scheduler.start();
  });
}

/**
 * A service started before the network is up (or while the collector is down) keeps trying to enrol, backing off
 * from 30 s to 10 minutes, instead of exiting into the service manager's restart loop. A refused token is final.
 */
async function enrollWithRetry(rt: Runtime): Promise<void> {
  let delay = 30_000;
  for (;;) {
    try {
      return await enrollFromConfigIfNeeded(rt);
    } catch (err) {
      if (!isAppError(err) || err.code !== "unavailable") throw err;
      rt.log.warn("cannot enrol yet: retrying", { reason: err.message, inSeconds: Math.round(delay / 1000) });
      await new Promise((r) => setTimeout(r, delay * (0.75 + Math.random() / 2)));
      delay = Math.min(delay * 2, 600_000);
    }
  }
}

/** First start after a silent install: the config file carries the server and a token; enrol, then drop the token. */
async function enrollFromConfigIfNeeded(rt: Runtime): Promise<void> {
  if (await readEnrollment(rt.config.stateDir)) return;
  const { serverUrl, enrollToken } = rt.config;
  if (!serverUrl || !enrollToken) return; // createCore explains what is missing
  await enrollRuntime(rt, serverUrl, enrollToken);
  await scrubToken(rt.configFile, rt.log);
}

async function scrubToken(configFile: string, log: Logger): Promise<void> {
  try {
    const raw = JSON.parse(await readFile(configFile, "utf8")) as Record<string, unknown>;
    if (!("enrollToken" in raw)) return;
    delete raw.enrollToken;
    await writeFileAtomic(configFile, `${JSON.stringify(raw, null, 2)}\n`, 0o600);
    log.info("enrolment token removed from the config file", { configFile });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      log.warn("could not remove the used token from the config file", { configFile, reason: (err as Error).message });
    }
  }
}

/**
 * Records this process's id for the uninstaller (`ward installer purge` waits for it to exit before deleting, as the
 * service may still be finishing its step when an installer that does not wait for it goes on). Best effort.
 */
function recordPid(stateDir: string): void {
  try {
    writeFileSync(join(stateDir, "agent.pid"), `${process.pid}\n`, { mode: 0o600 });
  } catch {
    // Not being able to record it only makes an uninstall wait less; the agent runs on.
  }
}
