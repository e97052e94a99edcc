// kill -9 of the collector, several times, under load from many agents; restarted each time on the same port and
// data: every acknowledged envelope is stored exactly once, every spool drains, every chain is intact.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import type { ReportsRequest, ReportsResponse } from "../../shared/schemas/api.js";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { enrollDevice } from "../../agent/daemon/enroll.js";
import { readAgentState } from "../../agent/state/agent-state.js";
import { readDeviceKey } from "../../agent/state/identity-store.js";
import { type CollectorClient, createCollectorClient } from "../../agent/transport/collector-client.js";
import { sqlitePath } from "../../server/config/config.js";
import { connect } from "../../server/db/connect.js";
import { type ChildServer, startChildServer } from "../collector/child-server.js";
import { seedTokens } from "../../bench/load.js";
import { freePort } from "../support/postgres.js";
import { count } from "./counts.js";
import { auditSpool } from "./spool-audit.js";

const AGENTS = Number(process.env.WARD_KILL_AGENTS ?? 12);
const KILLS = Number(process.env.WARD_COLLECTOR_KILLS ?? 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LoadAgent {
  stateDir: string;
  deviceId: string;
  publicKey: string;
  core: AgentCore;
  /** Every (seq -> hash) the collector answered accepted or duplicate: what it promised to keep. */
  acked: Map<number, string>;
}

/** The real client, recording what the collector acknowledged. */
function recording(inner: CollectorClient, acked: Map<number, string>): CollectorClient {
  return {
    enroll: (b) => inner.enroll(b),
    fetchPolicy: (d, k) => inner.fetchPolicy(d, k),
    async sendReports(body: ReportsRequest): Promise<ReportsResponse> {
      const res = await inner.sendReports(body);
      for (const r of res.results) if (r.outcome !== "rejected") acked.set(r.seq, r.hash);
      return res;
    },
  };
}

describe.runIf(process.platform === "linux")("collector killed with SIGKILL under load", () => {
  let server: ChildServer | undefined;
  let dataDir = "";
  afterAll(async () => {
    await server?.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${KILLS} kills with ${AGENTS} agents sending: nothing acknowledged is lost, nothing stored twice`, async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ward-collector-kill-"));
    const port = await freePort();
    const args = ["--data-dir", dataDir, "--port", String(port), "--host", "127.0.0.1"];
    const [token] = await seedTokens(dataDir, undefined, 1, AGENTS + 1);
    server = await startChildServer(args, 60_000);
    const url = server.url;

    const agents: LoadAgent[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const stateDir = mkdtempSync(join(tmpdir(), "ward-collector-kill-agent-"));
      const device = {
        os: { platform: "linux" as const, name: "Debian GNU/Linux", version: "12", build: "6.1.0" },
        inventory: { hostname: `clerk-${i}`, serial: `KILL-LOAD-${i}`, model: "Latitude", manufacturer: "Dell Inc." },
      };
      const log = memoryLogger();
      const client = createCollectorClient({ serverUrl: url, retries: 0, timeoutMs: 5000 });
      const enrollment = await enrollDevice({ stateDir, serverUrl: url, token: token!, client, device, log });
      const key = (await readDeviceKey(stateDir))!;
      const acked = new Map<number, string>();
      // Each agent's clock moves 15 minutes a cycle: heartbeats, with a full report every simulated day.
      let t = Date.now() - 60 * 86_400_000;
      const core = new AgentCore({
        stateDir,
        enrollment,
        key,
        source: mapSource("linux", {}),
        client: recording(client, acked),
        describe: async () => device,
        log,
        spoolLimits: { maxAgeDays: 100_000, maxBytes: 500 * 1024 * 1024 },
        clock: () => {
          t += 15 * 60_000;
          return new Date(t);
        },
        batchSize: 20,
      });
      agents.push({ stateDir, deviceId: enrollment.deviceId, publicKey: key.publicKey, core, acked });
    }

    let running = true;
    const loops = agents.map(async (a) => {
      while (running) {
        await a.core.cycle();
        await a.core.deliver();
      }
    });
    const ackedTotal = () => agents.reduce((n, a) => n + a.acked.size, 0);

    let kills = 0;
    for (let k = 0; k < KILLS; k++) {
      const before = ackedTotal();
      // Kill once the server has acknowledged a good number more, so the kill lands in the middle of ingest.
      const deadline = Date.now() + 60_000;
      while (ackedTotal() < before + 40 + Math.floor(Math.random() * 80) && Date.now() < deadline) await sleep(5);
      expect(ackedTotal(), "the collector acknowledged nothing new before the kill").toBeGreaterThan(before);
      await server.kill9();
      kills++;
      await sleep(300 + Math.random() * 700); // agents keep checking and spooling while it is down
      server = await startChildServer(args, 60_000);
      expect(server.url).toBe(url);
    }
    await sleep(1000);
    running = false;
    await Promise.all(loops);
    // Drain: every spool empties once the collector is back.
    for (const a of agents) {
      for (let i = 0; i < 50; i++) {
        const out = await a.core.deliver();
        expect(out.error).toBeNull();
        if (out.remaining === 0) break;
      }
    }
    await server.stop();
    server = undefined;

    const db = connect({ sqliteFile: sqlitePath({ dataDir }) });
    let lost = 0;
    let duplicated = 0;
    let acknowledged = 0;
    try {
      for (const a of agents) {
        const state = await readAgentState(a.stateDir);
        const rows = await db.kysely.selectFrom("ledger").selectAll().where("device_id", "=", a.deviceId).execute();
        const accepted = rows.filter((r) => r.outcome === "accepted");
        const hashes = new Map(accepted.map((r) => [r.seq, r.hash]));
        acknowledged += a.acked.size;
        for (const [seq, hash] of a.acked) if (hashes.get(seq) !== hash) lost++;
        duplicated += accepted.length - hashes.size;
        expect(accepted.map((r) => r.seq).sort((x, y) => x - y)).toEqual(
          Array.from({ length: state.seq }, (_, i) => i + 1),
        );
        expect(rows.filter((r) => r.outcome !== "accepted")).toEqual([]);
        // The chain links: each accepted envelope names the one before it.
        const bySeq = new Map(accepted.map((r) => [r.seq, r]));
        for (let s = 2; s <= state.seq; s++) expect(bySeq.get(s)?.prev_hash).toBe(bySeq.get(s - 1)?.hash);
        const events = await db.kysely
          .selectFrom("integrity_events")
          .selectAll()
          .where("device_id", "=", a.deviceId)
          .execute();
        expect(events.map((e) => e.kind)).toEqual([]);
        expect(auditSpool(a.stateDir, a.publicKey).entries).toBe(0);
      }
      const n = async (t: "ledger" | "raw_envelopes") =>
        Number(
          (
            await db.kysely
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await n("raw_envelopes")).toBe(await n("ledger"));
    } finally {
      await db.close();
    }
    count("collector kills survived", kills);
    count("envelopes acknowledged", acknowledged);
    count("envelopes lost", lost);
    count("envelopes duplicated", duplicated);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    console.log(
      `collector kill test: ${kills} kills, ${AGENTS} agents, ${acknowledged} envelopes acknowledged, 0 lost, 0 duplicated`,
    );
    for (const a of agents) rmSync(a.stateDir, { recursive: true, force: true });
  });
});
