// The parts of `ward run` that load the whole agent: --once, and each step process the resident agent starts.
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../../shared/logger.js";
import { createCore, createRuntime, enrollRuntime, type Runtime } from "../../daemon/runtime.js";
import { writeFileAtomic } from "../../state/atomic-file.js";
import { readEnrollment } from "../../state/identity-store.js";
import type { CliIo } from "../io.js";
import type { AgentConfigFlags } from "../../config/agent-config.js";
import { runOnce } from "./run-once.js";

/** `ward run --once` ends within this, whatever the network does (a collector that accepts and never answers). */
export const ONCE_DEADLINE_MS = 60_000;

export async function runOnceCommand(flags: AgentConfigFlags, quiet: boolean, io: CliIo): Promise<number> {
  const rt = await createRuntime(flags, { console: !quiet, files: true });
  try {
    await enrollFromConfigIfNeeded(rt);
    // One deadline for every network call of this run (policy, then delivery), retries included.
    const deadline = AbortSignal.timeout(ONCE_DEADLINE_MS);
    return await runOnce(await createCore(rt, rt.source, deadline), io);
  } finally {
    await rt.log.close();
  }
}

/** First start after a silent install: the config file carries the server and a token; enrol, then drop the token. */
export async function enrollFromConfigIfNeeded(rt: Runtime): Promise<void> {
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
 * Records the resident agent's process id for the uninstaller (`ward installer purge` waits for it to exit before
 * deleting, as the service may still be finishing its step when an installer that does not wait for it goes on).
 * Best effort.
 */
export function recordPid(stateDir: string, pid: number): void {
  try {
    writeFileSync(join(stateDir, "agent.pid"), `${pid}\n`, { mode: 0o600 });
  } catch {
    // Not being able to record it only makes an uninstall wait less; the agent runs on.
  }
}
