// The agent against the real collector on loopback: enrol, cycle, spool while it is down, deliver in order, once.
import { afterEach, describe, expect, it } from "vitest";
import { seal } from "../../shared/crypto/envelope.js";
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import { memoryLogger } from "../../shared/logger.js";
import { DEFAULT_POLICY, Policy } from "../../shared/schemas/policy.js";
import { acceptPolicy, loadPolicy } from "../../agent/daemon/policy-store.js";
import { enrollDevice } from "../../agent/daemon/enroll.js";
import { createCollectorClient } from "../../agent/transport/collector-client.js";
import { writeJsonFile } from "../../agent/state/atomic-file.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { integrityEvents } from "../../server/stores/event-store.js";
import type { RunningServer } from "../../server/main.js";
import { type Clock, manualClock } from "../../server/clock.js";
import { createCore, DEVICE, enrolledAgent, startCollector, tokenFor } from "./agent-harness.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import { readDeviceKey } from "../../agent/state/identity-store.js";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function collector(dataDir?: string, port?: number, clock?: Clock) {
  const s = await startCollector(dataDir, port, clock);
  servers.push(s);
  return s;
}

describe("agent and collector end to end", () => {
  it("enrols, runs one cycle, and the collector stores the verified report", async () => {
    const server = await collector();
    const { token } = await tokenFor(server);
    const agent = await enrolledAgent(server.url, token);
    const [report] = await agent.core.cycle();
    const out = await agent.core.deliver();
    expect(out).toMatchObject({ sent: 1, accepted: 1, duplicate: 0, rejected: 0, remaining: 0, error: null });
    const ledger = await ledgerForDevice(server.ctx.db.kysely, agent.enrollment.deviceId);
    expect(ledger.map((r) => [r.seq, r.outcome])).toEqual([[1, "accepted"]]);
    expect(report?.kind).toBe("full");
  });

  it("spools three cycles while the collector is down and delivers them in order, none twice", async () => {
    const first = await collector();
    const { token } = await tokenFor(first);
    const agent = await enrolledAgent(first.url, token);
    await agent.core.cycle();
    expect((await agent.core.deliver()).accepted).toBe(1);
    const { dataDir, port } = first;
    await first.close();
    servers.splice(servers.indexOf(first), 1);

    for (let i = 0; i < 3; i++) {
      await agent.core.cycle();
      const out = await agent.core.deliver();
      expect(out.error).toMatch(/Cannot reach the collector/);
    }
    expect((await agent.core.spool.depth()).count).toBe(3);

    const second = await collector(dataDir, port);
    const out = await agent.core.deliver();
    expect(out).toMatchObject({ accepted: 3, duplicate: 0, rejected: 0, remaining: 0, error: null });
    // A retry after a lost answer is harmless: the same envelopes again are duplicates.
    const ledger = await ledgerForDevice(second.ctx.db.kysely, agent.enrollment.deviceId);
    expect(ledger.filter((r) => r.outcome === "accepted").map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(await integrityEvents(second.ctx.db.kysely, agent.enrollment.deviceId)).toEqual([]);
  });

  it("sends a heartbeat when nothing changed, and the collector accepts it", async () => {
    const server = await collector();
    const { token } = await tokenFor(server);
    const agent = await enrolledAgent(server.url, token);
    const [a] = await agent.core.cycle();
    const [b] = await agent.core.cycle();
    expect([a?.kind, b?.kind]).toEqual(["full", "heartbeat"]);
    expect((await agent.core.deliver()).accepted).toBe(2);
  });

  it("refuses a policy signed by another key, and a tampered policy file on disk", async () => {
    const server = await collector();
    const { token } = await tokenFor(server);
    const agent = await enrolledAgent(server.url, token);
    const forger = generateEd25519KeyPair();
    const forged = seal(Policy.parse({ allowHotspot: true, version: 99 }), forger);
    await expect(acceptPolicy(agent.stateDir, forged, agent.enrollment.collectorPublicKey)).rejects.toThrow(
      /different key/,
    );
    // The file on disk replaced by a forged one: refused on load, the default policy is used, and it is logged.
    await writeJsonFile(join(agent.stateDir, "policy.json"), forged);
    const log = memoryLogger();
    expect(
      await loadPolicy(agent.stateDir, agent.enrollment.collectorPublicKey, log, agent.enrollment.councilId),
    ).toEqual(DEFAULT_POLICY);
    expect(log.lines.some((l) => l.level === "error" && l.message.includes("stored policy refused"))).toBe(true);
    // The real one from the collector verifies and is kept.
    expect(await agent.core.syncPolicy()).not.toBeNull();
  });

  it("gives a clear error for a used-up token and for an expired one", async () => {
    const clock = manualClock(new Date());
    const server = await collector(undefined, undefined, clock);
    const { token } = await tokenFor(server, { uses: 1 });
    await enrolledAgent(server.url, token);
    const attempt = (t: string) =>
      enrollDevice({
        stateDir: mkdtempSync(join(tmpdir(), "ward-e2e-agent-")),
        serverUrl: server.url,
        token: t,
        client: createCollectorClient({ serverUrl: server.url, retries: 0 }),
        device: { ...DEVICE, inventory: { ...DEVICE.inventory, serial: "OTHER" } },
        log: memoryLogger(),
      });
    await expect(attempt(token)).rejects.toThrow(/The collector refused the enrolment: .*(used|uses)/i);
    const expired = await tokenFor(server, { expires: "1d" });
    clock.advance(2 * 86_400_000);
    await expect(attempt(expired.token)).rejects.toThrow(/The collector refused the enrolment: .*expired/i);
  });

  it("starts a new chain when re-enrolled under a new device id, setting the old spool aside", async () => {
    const a = await collector();
    const agent = await enrolledAgent(a.url, (await tokenFor(a)).token);
    await agent.core.cycle();
    await agent.core.cycle(); // two reports waiting for collector A
    const b = await collector();
    const moved = await enrollDevice({
      stateDir: agent.stateDir,
      serverUrl: b.url,
      token: (await tokenFor(b)).token,
      client: createCollectorClient({ serverUrl: b.url, retries: 0 }),
      device: DEVICE,
      log: memoryLogger(),
    });
    expect(moved.deviceId).not.toBe(agent.enrollment.deviceId);
    expect(readdirSync(join(agent.stateDir, `spool-${agent.enrollment.deviceId}`))).toHaveLength(2);
    const core = await createCore(agent.stateDir, b.url);
    const [first] = await core.cycle();
    expect([first?.seq, first?.prevHash]).toEqual([1, null]);
    expect((await core.deliver()).accepted).toBe(1);
  });

  it("sets aside a report the collector will never take (clock days ahead) instead of jamming the spool", async () => {
    const server = await collector();
    const agent = await enrolledAgent(server.url, (await tokenFor(server)).token);
    let skew = 3 * 86_400_000;
    const core = new AgentCore({
      stateDir: agent.stateDir,
      enrollment: agent.enrollment,
      key: (await readDeviceKey(agent.stateDir))!,
      source: mapSource("linux", {}),
      client: agent.client,
      describe: async () => DEVICE,
      log: memoryLogger(),
      spoolLimits: { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 },
      clock: () => new Date(Date.now() + skew),
    });
    await core.cycle(); // dated three days ahead
    skew = 0; // the clock is fixed
    await core.cycle();
    const out = await core.deliver();
    expect(out).toMatchObject({ accepted: 1, rejected: 1, remaining: 0, error: null });
    expect(readdirSync(join(agent.stateDir, "spool", "rejected"))).toEqual(["000000000001.json"]);
  });

  it("says plainly when the collector cannot be reached at enrolment", async () => {
    const client = createCollectorClient({ serverUrl: "http://127.0.0.1:9", retries: 0 });
    await expect(
      enrollDevice({
        stateDir: mkdtempSync(join(tmpdir(), "ward-e2e-agent-")),
        serverUrl: "http://127.0.0.1:9",
        token: `wet_${"A".repeat(43)}`,
        client,
        device: DEVICE,
        log: memoryLogger(),
      }),
    ).rejects.toThrow(/Cannot reach the collector at http:\/\/127.0.0.1:9/);
  });
});
