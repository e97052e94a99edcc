// The real `ward` process killed with SIGKILL mid-cycle, then restarted: the chain at the collector stays intact.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { integrityEvents } from "../../server/stores/event-store.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { readAgentState } from "../../agent/state/agent-state.js";
import { readEnrollment } from "../../agent/state/identity-store.js";
import { startCollector, tokenFor } from "./agent-harness.js";

const ROOT = resolve(import.meta.dirname, "../..");

function ward(
  args: string[],
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", "agent/cli/bin.ts", ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, out });
    });
  });
}

describe.runIf(process.platform === "linux")("agent killed mid-cycle", () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it("keeps the chain intact across SIGKILLs at random points, with every report delivered once", async () => {
    const server = await startCollector();
    close = () => server.close();
    const { token } = await tokenFor(server);
    const stateDir = mkdtempSync(join(tmpdir(), "ward-kill-"));
    const enrolled = await ward(["enroll", "--server", server.url, "--token", token, "--state-dir", stateDir]);
    expect(enrolled.code, enrolled.out).toBe(0);

    // Kill points spread over start-up, the checks, the spool write and delivery: a whole `run --once` takes about
    // 1.6 s here on a quiet machine with apt asked, 0.9 s with its answer cached (more under load), so most fall inside.
    const kills = [300, 700, 1100, 1500, 2500];
    let killed = 0;
    for (const ms of kills) {
      const r = await ward(["run", "--once", "--quiet", "--state-dir", stateDir], ms);
      if (r.signal === "SIGKILL") killed++;
    }
    const last = await ward(["run", "--once", "--quiet", "--state-dir", stateDir]);
    expect(last.code, last.out).toBe(0);
    expect(killed).toBeGreaterThan(0);

    const deviceId = (await readEnrollment(stateDir))!.deviceId;
    const state = await readAgentState(stateDir);
    const ledger = await ledgerForDevice(server.ctx.db.kysely, deviceId);
    const accepted = ledger.filter((r) => r.outcome === "accepted").map((r) => r.seq);
    // Every seq the agent made is at the collector exactly once, in one unbroken chain.
    expect(accepted).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
    expect(await integrityEvents(server.ctx.db.kysely, deviceId)).toEqual([]);
  }, 120_000);
});
