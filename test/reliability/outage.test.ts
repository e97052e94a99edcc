// The collector unreachable for a simulated 3 days (the agent's clock injected, spool file times set to match):
// the backlog arrives in order; past the spool's cap, the signed drop record arrives and explains the gap.
import { utimesSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import { Report } from "../../shared/schemas/report.js";
import type { ReportsRequest } from "../../shared/schemas/api.js";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { readAgentState } from "../../agent/state/agent-state.js";
import { readDeviceKey } from "../../agent/state/identity-store.js";
import type { SpoolLimits } from "../../agent/spool/spool.js";
import { type CollectorClient, createCollectorClient } from "../../agent/transport/collector-client.js";
import { integrityEvents } from "../../server/stores/event-store.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { DEVICE, enrolledAgent, startCollector, tokenFor } from "../agent/agent-harness.js";
import { freePort } from "../support/postgres.js";
import { count } from "./counts.js";

// Half-hour cycles (a policy may set any interval) keep the suite quick; delivery is retried hourly, as the
// scheduler's backoff does once it reaches its cap.
const CYCLE_MS = 30 * 60_000;
const OUTAGE_CYCLES = 3 * 48;

interface Case {
  name: string;
  limits: SpoolLimits;
  expectDrop: boolean;
}

const CASES: Case[] = [
  { name: "within the spool's limits", limits: { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 }, expectDrop: false },
  {
    name: "past the age cap (2 days)",
    limits: { maxAgeDays: 2, maxBytes: 50 * 1024 * 1024 },
    expectDrop: true,
  },
  {
    name: "past the size cap (60 KB)",
    limits: { maxAgeDays: 30, maxBytes: 60 * 1024 },
    expectDrop: true,
  },
];

interface Outcome {
  missing: number[];
  covered: Set<number>;
  gaps: { explainedBySpoolDrop: boolean }[];
}

describe.each(CASES)("3 days without the collector, $name", ({ limits, expectDrop }) => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());
  let outcome: Outcome | undefined;

  it("delivers the backlog in order once the collector is back", async () => {
    const server = await startCollector();
    close = () => server.close();
    const { token } = await tokenFor(server);
    const enrolled = await enrolledAgent(server.url, token);
    const key = (await readDeviceKey(enrolled.stateDir))!;
    let now = Date.now() - (OUTAGE_CYCLES + 8) * CYCLE_MS;
    const down = createCollectorClient({
      serverUrl: `http://127.0.0.1:${await freePort()}`,
      retries: 0,
      timeoutMs: 2000,
    });
    const sent: number[][] = [];
    const up = createCollectorClient({ serverUrl: server.url, retries: 0, timeoutMs: 10_000 });
    const recording: CollectorClient = {
      enroll: (b) => up.enroll(b),
      fetchPolicy: (d, k) => up.fetchPolicy(d, k),
      sendReports: (b: ReportsRequest) => {
        sent.push(b.envelopes.map((e) => Report.parse(JSON.parse(e.payload)).seq));
        return up.sendReports(b);
      },
    };
    const core = (client: CollectorClient) =>
      new AgentCore({
        stateDir: enrolled.stateDir,
        enrollment: enrolled.enrollment,
        key,
        // A USB stick seen now and then makes some reports full ones, as on a real laptop.
        source: mapSource("linux", {}),
        client,
        describe: async () => DEVICE,
        log: memoryLogger(),
        spoolLimits: limits,
        clock: () => new Date(now),
      });

    const offline = core(down);
    for (let i = 0; i < OUTAGE_CYCLES; i++) {
      const written = await offline.cycle();
      // The spool ages entries by file time: give each new entry the simulated time it was written.
      for (const r of written) {
        const t = new Date(now);
        utimesSync(join(offline.spool.dir, `${String(r.seq).padStart(12, "0")}.json`), t, t);
      }
      if (i % 2 === 1) expect((await offline.deliver()).error).not.toBeNull();
      now += CYCLE_MS;
    }
    const backlog = (await offline.spool.depth()).count;
    const state = await readAgentState(enrolled.stateDir);
    if (!expectDrop) expect(backlog).toBe(state.seq);

    // The collector is reachable again.
    const online = core(recording);
    let delivered = 0;
    for (let i = 0; i < 20; i++) {
      const out = await online.deliver();
      expect(out.error).toBeNull();
      expect(out.rejected).toBe(0);
      delivered += out.accepted;
      if (out.remaining === 0) break;
    }
    expect(delivered).toBe(backlog);
    // In order: oldest first, never going back.
    const order = sent.flat();
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const ledger = await ledgerForDevice(server.ctx.db.kysely, enrolled.enrollment.deviceId);
    const accepted = ledger.filter((r) => r.outcome === "accepted");
    expect(accepted.length).toBe(backlog);
    expect(ledger.filter((r) => r.outcome !== "accepted")).toEqual([]);
    const events = await integrityEvents(server.ctx.db.kysely, enrolled.enrollment.deviceId);
    const drops = accepted.filter((r) => r.report_kind === "spool-drop");
    count("outage reports delivered", delivered);
    count("spool-drop records delivered", drops.length);
    if (!expectDrop) {
      expect(accepted.map((r) => r.seq)).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
      expect(events).toEqual([]);
      return;
    }
    // Past the cap: the oldest were dropped, and a signed spool-drop record names exactly what is missing.
    expect(drops.length).toBeGreaterThanOrEqual(1);
    const missing = new Set(Array.from({ length: state.seq }, (_, i) => i + 1));
    for (const r of accepted) missing.delete(r.seq);
    expect(missing.size).toBeGreaterThan(0);
    const raw = await server.ctx.db.kysely
      .selectFrom("ledger")
      .select(["seq", "id"])
      .where("report_kind", "=", "spool-drop")
      .execute();
    expect(raw.length).toBe(drops.length);
    const dropEvents = events.filter((e) => e.kind === "spool-drop");
    expect(dropEvents.length).toBe(drops.length);
    const covered = new Set<number>();
    for (const e of dropEvents) {
      const d = (JSON.parse(e.detail_json) as { dropped: { firstSeq: number; lastSeq: number } }).dropped;
      for (let s = d.firstSeq; s <= d.lastSeq; s++) covered.add(s);
    }
    const gaps = events
      .filter((e) => e.kind === "gap")
      .map((e) => JSON.parse(e.detail_json) as { explainedBySpoolDrop: boolean });
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    outcome = { missing: [...missing], covered, gaps };
    const uncoveredNow = outcome.missing.filter((s) => !covered.has(s)).length;
    console.log(
      `outage ${JSON.stringify(limits)}: ${state.seq} reports made, ${delivered} delivered, ${missing.size} dropped, ` +
        `${drops.length} drop records, ${uncoveredNow} dropped seqs named by no record, gaps ${JSON.stringify(gaps)}`,
    );
  });

  const uncovered = () => outcome!.missing.filter((s) => !outcome!.covered.has(s));
  const unexplained = () => outcome!.gaps.filter((g) => !g.explainedBySpoolDrop);
  it.runIf(expectDrop)(
    "every dropped seq is named by a delivered spool-drop record (drop records are never dropped)",
    () => {
      expect(outcome).toBeDefined();
      expect(uncovered()).toEqual([]);
    },
  );
  it.runIf(expectDrop)("the collector marks the gap explained by the drop records", () => {
    expect(outcome).toBeDefined();
    expect(unexplained()).toEqual([]);
  });
});
