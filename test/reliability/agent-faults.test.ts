// Faults that used to make a laptop stop reporting quietly, injected for real: a disk that fills up (a small tmpfs),
// truncated and altered files, wrong clocks (injected), a wall clock stepped back, a collector that never answers.
// Each case records what it injected and whether the agent kept going, lost nothing and was never left silent.
import { readFileSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { enrollDevice } from "../../agent/daemon/enroll.js";
import { Scheduler } from "../../agent/daemon/scheduler.js";
import { runOnce } from "../../agent/cli/commands/run.js";
import { statusCommand } from "../../agent/cli/commands/status.js";
import { readAgentState } from "../../agent/state/agent-state.js";
import { readDeviceKey, readIdentityOrExplain, readEnrollment } from "../../agent/state/identity-store.js";
import { createCollectorClient } from "../../agent/transport/collector-client.js";
import { manualClock } from "../../server/clock.js";
import { memoryLogger } from "../../shared/logger.js";
import { DEVICE, startCollector, tokenFor } from "../agent/agent-harness.js";
import { freePort } from "../support/postgres.js";
import { auditDevice, canMountTmpfs, recordFault, smallDisk } from "./fault-tools.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

type Collector = Awaited<ReturnType<typeof startCollector>>;
const DAY = 86_400_000;

let server: Collector;
const collectorClock = manualClock(new Date());
let realClock = true;
beforeAll(async () => {
  // The collector's clock follows the real one unless a case moves it.
  server = await startCollector(undefined, 0, { now: () => (realClock ? new Date() : collectorClock.now()) });
});
afterAll(async () => server?.close());

interface Agent {
  stateDir: string;
  deviceId: string;
  log: ReturnType<typeof memoryLogger>;
  core(opts?: { url?: string; clock?: () => Date; signal?: AbortSignal }): AgentCore;
}

async function enrol(stateDir = mkdtempSync(join(tmpdir(), "ward-fault-agent-"))): Promise<Agent> {
  const { token } = await tokenFor(server);
  const log = memoryLogger();
  const client = createCollectorClient({ serverUrl: server.url, retries: 0, timeoutMs: 5000 });
  const { deviceId } = await enrollDevice({ stateDir, serverUrl: server.url, token, client, device: DEVICE, log });
  return {
    stateDir,
    deviceId,
    log,
    core: (o = {}) =>
      new AgentCore({
        stateDir,
        enrollment: JSON.parse(readFileSync(join(stateDir, "enrollment.json"), "utf8")),
        key: JSON.parse(readFileSync(join(stateDir, "device-key.json"), "utf8")),
        source: mapSource("linux", {}),
        client: createCollectorClient({
          serverUrl: o.url ?? server.url,
          retries: 0,
          timeoutMs: 5000,
          ...(o.signal ? { signal: o.signal } : {}),
        }),
        describe: async () => DEVICE,
        log,
        spoolLimits: { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 },
        ...(o.clock ? { clock: o.clock } : {}),
      }),
  };
}

async function downUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

async function newestAccepted(deviceId: string): Promise<number> {
  const a = await auditDevice(server, deviceId, 0);
  return a.accepted.at(-1) ?? 0;
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The audit every case ends with: nothing acknowledged lost, nothing lost unexplained, the newest report arrived. */
async function settle(agent: Agent, expectExplained = 0): Promise<void> {
  const { seq } = await readAgentState(agent.stateDir);
  const audit = await auditDevice(server, agent.deviceId, seq);
  const silent = audit.accepted.at(-1) !== seq;
  recordFault({
    survived: !silent && audit.lostUnexplained.length === 0,
    acknowledgedLost: 0,
    reportsLost: audit.lostUnexplained.length,
    silent,
  });
  expect(audit.lostUnexplained).toEqual([]);
  expect(audit.unexplainedGaps).toBe(0);
  expect(audit.forks).toBe(0);
  expect(audit.explained.length).toBe(expectExplained);
  expect(silent).toBe(false);
}

function daemon(agent: Agent, core: AgentCore) {
  return new Scheduler({
    core,
    log: agent.log,
    intervalMinutes: async () => 0.005, // a cycle every 300 ms
    jitterMs: 0,
    watchMs: 50,
    tickMs: 50,
    random: () => 0,
  });
}

describe("the agent keeps reporting through faults", () => {
  it.runIf(canMountTmpfs)(
    "daemon on a disk that fills up, then is freed: no crash, says why, delivers again (1)",
    async () => {
      const disk = smallDisk(1024);
      const rejections: unknown[] = [];
      const onRejection = (r: unknown) => rejections.push(r);
      process.on("unhandledRejection", onRejection);
      try {
        const agent = await enrol(join(disk.dir, "state"));
        const core = agent.core();
        const scheduler = daemon(agent, core);
        void scheduler.start();
        await waitFor("two reports delivered", async () => (await newestAccepted(agent.deviceId)) >= 2);
        disk.fill();
        const atFill = await newestAccepted(agent.deviceId);
        await sleep(2000); // several cycles, deliveries and watch ticks on the full disk
        expect(rejections.map(String)).toEqual([]);
        expect(agent.log.lines.some((l) => l.level === "error" && /disk is full/.test(String(l.meta.reason)))).toBe(
          true,
        );
        disk.free();
        await waitFor(
          "a report made after the disk was freed",
          async () => (await newestAccepted(agent.deviceId)) > atFill + 1,
        );
        scheduler.stop();
        await core.idle();
        await core.deliver();
        expect(rejections.map(String)).toEqual([]);
        await settle(agent);
      } finally {
        process.off("unhandledRejection", onRejection);
        disk.unmount();
      }
    },
  );

  it("daemon on a truncated state.json: rebuilds it from the spool and the last report, never dies (1, 5)", async () => {
    const agent = await enrol();
    const core = agent.core();
    await core.cycle();
    await core.deliver();
    const path = join(agent.stateDir, "state.json");
    truncateSync(path, Math.floor(readFileSync(path).length / 2));
    const scheduler = daemon(agent, core);
    void scheduler.start();
    await waitFor("reports after the truncation", async () => (await newestAccepted(agent.deviceId)) >= 3);
    scheduler.stop();
    await core.idle();
    expect(readdirSync(agent.stateDir).some((n) => n.startsWith("state.json.damaged-"))).toBe(true);
    expect(agent.log.lines.some((l) => /state file was damaged: rebuilt/.test(l.message))).toBe(true);
    await core.deliver();
    await settle(agent);
  });

  it("wall clock stepped back 2 hours mid-run: check cycles go on (4)", async () => {
    let cycles = 0;
    const fake = {
      cycle: async () => {
        cycles++;
        return [];
      },
      deliver: async () => ({ sent: 0, accepted: 0, duplicate: 0, rejected: 0, remaining: 0, error: null }),
      syncPolicy: async () => null,
      watch: async () => undefined,
    };
    const log = memoryLogger();
    const scheduler = new Scheduler({
      core: fake,
      log,
      intervalMinutes: async () => 0.005,
      jitterMs: 0,
      watchMs: 50,
      tickMs: 50,
      random: () => 0,
    });
    void scheduler.start();
    await waitFor("two cycles", async () => cycles >= 2);
    // The wall clock steps back (NTP correction, a user, a dead CMOS battery): Date.now() jumps 2 h into the past.
    const stepped = Date.now() - 2 * 3600_000;
    const base = Date.now();
    const spy = vi
      .spyOn(Date, "now")
      .mockImplementation(() => stepped + (performance.timeOrigin + performance.now() - base));
    try {
      const before = cycles;
      await sleep(1500);
      expect(cycles - before).toBeGreaterThanOrEqual(3);
      recordFault({ survived: true, acknowledgedLost: 0, reportsLost: 0, silent: cycles - before === 0 });
    } finally {
      spy.mockRestore();
      scheduler.stop();
    }
  });

  it("a spooled envelope whose signature no longer verifies is set aside with a drop record; the rest goes (2)", async () => {
    const agent = await enrol();
    const offline = agent.core({ url: await downUrl() });
    await offline.cycle();
    await offline.cycle();
    await offline.cycle();
    // One character of seq 2's signature changed: still valid JSON, still the right shape.
    const file = join(agent.stateDir, "spool", "000000000002.json");
    const env = JSON.parse(readFileSync(file, "utf8")) as { signature: string };
    env.signature = (env.signature[0] === "A" ? "B" : "A") + env.signature.slice(1);
    writeFileSync(file, JSON.stringify(env));
    const core = agent.core();
    await core.cycle();
    const out = await core.deliver();
    expect(out.error).toBeNull();
    expect(out.remaining).toBe(0);
    expect(readdirSync(join(agent.stateDir, "spool", "corrupt"))).toEqual(["000000000002.json"]);
    await settle(agent, 1);
  });

  it("an unreadable (truncated) spool entry is quarantined and explained by a signed drop record (6)", async () => {
    const agent = await enrol();
    const offline = agent.core({ url: await downUrl() });
    await offline.cycle();
    await offline.cycle();
    const file = join(agent.stateDir, "spool", "000000000001.json");
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    const core = agent.core();
    await core.cycle();
    await core.deliver();
    await settle(agent, 1);
  });

  it("collector clock 2 days behind, then fixed: reports are kept, the message names the collector, all arrive (3)", async () => {
    const agent = await enrol();
    const core = agent.core();
    await core.cycle();
    await core.deliver(); // the collector has now stored something received at the real time
    collectorClock.set(new Date(Date.now() - 2 * DAY));
    realClock = false;
    try {
      await core.cycle();
      await core.cycle();
      const out = await core.deliver();
      expect(out).toMatchObject({ rejected: 0, remaining: 2 });
      expect(out.error).toMatch(/collector's clock is wrong/);
      expect((await readAgentState(agent.stateDir)).lastDeliveryError).toMatch(/collector's clock is wrong/);
    } finally {
      realClock = true;
    }
    const out = await core.deliver();
    expect(out).toMatchObject({ error: null, remaining: 0, rejected: 0 });
    await settle(agent);
  });

  it("laptop clock 2 days ahead, then fixed: kept while the clocks disagree, then reporting goes on (3)", async () => {
    const agent = await enrol();
    let skew = 2 * DAY;
    const core = agent.core({ clock: () => new Date(Date.now() + skew) });
    await core.cycle();
    const ahead = await core.deliver();
    expect(ahead).toMatchObject({ rejected: 0, remaining: 1 });
    expect(ahead.error).toMatch(/This device's clock is 48 hours ahead/);
    skew = 0; // fixed
    await core.cycle();
    await core.deliver(); // the report dated ahead is set aside now that the clocks agree
    await core.cycle(); // its signed drop record
    const out = await core.deliver();
    expect(out).toMatchObject({ error: null, remaining: 0 });
    await settle(agent, 1);
  });

  it("run --once against a collector that accepts and never answers ends by its deadline, reports kept (6)", async () => {
    const sockets: Socket[] = [];
    const hang: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}`;
    try {
      const agent = await enrol();
      const core = agent.core({ url, signal: AbortSignal.timeout(3000) });
      const started = Date.now();
      const out: string[] = [];
      const code = await runOnce(core, { out: (t) => out.push(t), err: (t) => out.push(t) });
      const took = Date.now() - started;
      expect(code).toBe(0);
      expect(out.join("")).toMatch(
        /did not answer the reports in time.*1 waiting in the spool|1 waiting in the spool.*did not answer/s,
      );
      expect(took).toBeLessThan(30_000); // it took 196 s before the deadline; the bound here is 3 s plus a cycle
      // The collector answers again: nothing was lost.
      await agent.core().deliver();
      await settle(agent);
    } finally {
      for (const s of sockets) s.destroy();
      hang.close();
    }
  });

  it.runIf(canMountTmpfs)(
    "run --once on a full disk: plain words, no stack, and what is spooled is still delivered (6)",
    async () => {
      const disk = smallDisk(512);
      try {
        const agent = await enrol(join(disk.dir, "state"));
        await agent.core({ url: await downUrl() }).cycle(); // seq 1 waits in the spool
        disk.fill();
        const out: string[] = [];
        const code = await runOnce(agent.core(), { out: (t) => out.push(t), err: (t) => out.push(t) });
        expect(code).not.toBe(0);
        expect(out.join("")).toMatch(/the disk is full/);
        expect(out.join("")).not.toMatch(/\n\s+at /);
        expect(await newestAccepted(agent.deviceId)).toBe(1);
        disk.free();
        const after = await runOnce(agent.core(), { out: () => undefined, err: () => undefined });
        expect(after).toBe(0);
        await settle(agent);
      } finally {
        disk.unmount();
      }
    },
  );

  it.each(["device-key.json", "enrollment.json"])(
    "a truncated %s: moved aside, status shows the fault, re-enrolling works (5)",
    async (name) => {
      const agent = await enrol();
      const core = agent.core();
      await core.cycle();
      await core.deliver();
      const path = join(agent.stateDir, name);
      truncateSync(path, Math.floor(readFileSync(path).length / 2));
      const status: string[] = [];
      const code = await statusCommand(["--state-dir", agent.stateDir, "--json"], {
        out: (t) => status.push(t),
        err: (t) => status.push(t),
      });
      expect(code).not.toBe(0);
      const shown = JSON.parse(status.join("")) as { ok: boolean; faults: string[] };
      expect(shown.ok).toBe(false);
      expect(shown.faults.join(" ")).toMatch(/damaged.*ward enroll --server URL --token TOKEN/);
      await expect(readIdentityOrExplain(agent.stateDir)).rejects.toThrow(
        /moved aside.*ask your IT provider for a new enrolment token/,
      );
      // Re-enrolling now works without deleting anything by hand, and reporting starts again.
      const { token } = await tokenFor(server);
      const log = memoryLogger();
      const client = createCollectorClient({ serverUrl: server.url, retries: 0, timeoutMs: 5000 });
      const enrollment = await enrollDevice({
        stateDir: agent.stateDir,
        serverUrl: server.url,
        token,
        client,
        device: DEVICE,
        log,
      });
      expect(await readEnrollment(agent.stateDir)).not.toBeNull();
      expect(await readDeviceKey(agent.stateDir)).not.toBeNull();
      const again: Agent = { ...agent, deviceId: enrollment.deviceId };
      await again.core().cycle();
      expect((await again.core().deliver()).error).toBeNull();
      await settle(again);
    },
  );
});
