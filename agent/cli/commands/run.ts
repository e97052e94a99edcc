// `ward run [--once]`: the service's daemon (or one cycle): enrol from config if needed, check, spool, deliver.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isAppError } from "../../../shared/errors.js";
import type { Logger } from "../../../shared/logger.js";
import type { AgentCore } from "../../daemon/agent-core.js";
import { createCore, createRuntime, enrollRuntime, type Runtime } from "../../daemon/runtime.js";
import { Scheduler } from "../../daemon/scheduler.js";
import { writeFileAtomic } from "../../state/atomic-file.js";
import { readEnrollment } from "../../state/identity-store.js";
import { type CliIo, EXIT_OK } from "../io.js";
import { COMMON_FLAGS, commonFlags } from "./common-flags.js";

const STOP_BUDGET_MS = 5000;

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
    const core = await createCore(rt);
    if (values.once) {
      await core.syncPolicy();
      const reports = await core.cycle();
      const out = await core.deliver();
      io.out(
        `Checked and wrote report ${reports.map((r) => r.seq).join(", ")}; delivered ${out.accepted + out.duplicate}, ` +
          `${out.remaining} waiting in the spool${out.error ? ` (delivery failed: ${out.error})` : ""}.\n`,
      );
      return EXIT_OK;
    }
    return await runForever(rt, core);
  } finally {
    await rt.log.close();
  }
}

async function runForever(rt: Runtime, core: AgentCore): Promise<number> {
  const scheduler = new Scheduler({
    core,
    log: rt.log.child({ module: "scheduler" }),
    intervalMinutes: async () => rt.config.checkIntervalMinutes ?? (await core.currentPolicy()).checkIntervalMinutes,
    jitterMs: rt.config.jitterSeconds * 1000,
    watchMs: rt.config.usbWatchSeconds * 1000,
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
      // Bounded: the spool write under way finishes; a hung network call does not hold the service stop.
      const hard = setTimeout(() => resolve(EXIT_OK), STOP_BUDGET_MS);
      void core.idle().then(() => {
        clearTimeout(hard);
        resolve(EXIT_OK);
      });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    rt.log.info("agent started", { stateDir: rt.config.stateDir });
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
