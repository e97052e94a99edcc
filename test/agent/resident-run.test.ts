// The real resident `ward run`: enrols from its config file, cycles and delivers through step processes, stops cleanly.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { readEnrollment } from "../../agent/state/identity-store.js";
import { startCollector, tokenFor } from "./agent-harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Process ids whose parent is pid (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe.runIf(process.platform === "linux")("resident ward run", () => {
  let agent: ChildProcess | undefined;
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    if (agent && agent.exitCode === null) agent.kill("SIGKILL");
    await close?.();
  });

  it("enrols from the config, delivers a cycle made in a step process, and exits 0 on SIGTERM", async () => {
    const server = await startCollector();
    close = () => server.close();
    const { token } = await tokenFor(server);
    const stateDir = mkdtempSync(join(tmpdir(), "ward-resident-"));
    const configFile = join(stateDir, "agent.json");
    writeFileSync(
      configFile,
      JSON.stringify({ serverUrl: server.url, enrollToken: token, jitterSeconds: 0, usbWatchSeconds: 5 }),
    );
    agent = spawn(
      process.execPath,
      ["--import", "tsx", "agent/cli/bin.ts", "run", "--quiet", "--state-dir", stateDir, "--config", configFile],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    agent.stdout!.on("data", (d: Buffer) => (out += d));
    agent.stderr!.on("data", (d: Buffer) => (out += d));

    // The setup step enrols and drops the token; the first cycle step writes, signs and delivers a report.
    let accepted = 0;
    for (let i = 0; i < 240 && accepted === 0; i++) {
      await sleep(500);
      const enrollment = await readEnrollment(stateDir);
      if (enrollment) {
        const ledger = await ledgerForDevice(server.ctx.db.kysely, enrollment.deviceId);
        accepted = ledger.filter((r) => r.outcome === "accepted").length;
      }
    }
    expect(accepted, out).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(configFile, "utf8"))).not.toHaveProperty("enrollToken");
    // The uninstaller waits for the resident process, not for a step.
    expect(readFileSync(join(stateDir, "agent.pid"), "utf8").trim()).toBe(String(agent.pid));
    const log = readFileSync(join(stateDir, "logs", "agent.log"), "utf8");
    expect(log).toContain("check cycle done");

    // Between steps the resident agent has no step process, only the USB event monitor (udevadm) where it exists.
    await sleep(1000);
    const kids = childrenOf(agent.pid!).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      } catch {
        return "gone";
      }
    });
    for (const k of kids) expect(["udevadm", "gone", "node"]).toContain(k);

    const exited = new Promise<number | null>((r) => agent!.once("exit", (code) => r(code)));
    agent.kill("SIGTERM");
    const code = await Promise.race([exited, sleep(15_000).then(() => "still running")]);
    expect(code, out).toBe(0);
    expect(existsSync(join(stateDir, "last-report.json"))).toBe(true);
  }, 180_000);
});
