// kill -9 the real server mid-ingest: every envelope acknowledged before the kill is there after restart, none twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { payloadHash } from "../../shared/crypto/envelope.js";
import { EnrollResponse, type ReportResult, ReportsResponse } from "../../shared/schemas/api.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { systemClock } from "../../server/clock.js";
import { sqlitePath } from "../../server/config/config.js";
import { connect, type DialectName } from "../../server/db/connect.js";
import { migrateToLatest } from "../../server/db/migrate.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { type ChildServer, startChildServer } from "./child-server.js";
import { FakeDevice } from "./device.js";
import { describeDialects, newDatabaseUrl } from "./harness.js";

const DEVICES = 4;
const BATCH = 5;

describeDialects("kill -9 during ingest", (dialect: DialectName) => {
  let dataDir = "";
  let server: ChildServer | undefined;
  afterEach(async () => {
    await server?.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses nothing acknowledged and stores nothing twice", { timeout: 120_000 }, async () => {
    dataDir = mkdtempSync(join(tmpdir(), "ward-crash-"));
    const dbUrl = await newDatabaseUrl(dialect);
    const dbArgs = ["--data-dir", dataDir, ...(dbUrl ? ["--db", dbUrl] : [])];
    const token = await seedToken(dataDir, dbUrl);
    server = await startChildServer(dbArgs);

    const devices: { device: FakeDevice; sent: Envelope[]; acked: Map<number, string> }[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const device = new FakeDevice();
      device.deviceId = EnrollResponse.parse(
        await postJson(server.url, "/v1/enroll", device.enrollBody(token)),
      ).deviceId;
      devices.push({ device, sent: [], acked: new Map() });
    }
    // Each device sends batches back to back until the kill; the kill lands while requests are in flight.
    let killed = false;
    let ackedBatches = 0;
    const loops = devices.map(async (d) => {
      while (!killed) {
        const batch = Array.from({ length: BATCH }, () => d.device.full());
        d.sent.push(...batch);
        let results: ReportResult[];
        try {
          results = ReportsResponse.parse(
            await postJson(server!.url, "/v1/reports", { deviceId: d.device.deviceId, envelopes: batch }),
          ).results;
        } catch {
          return; // the connection died with the server: this batch was never acknowledged.
        }
        for (const r of results) if (r.outcome !== "rejected") d.acked.set(r.seq, r.hash);
        ackedBatches++;
      }
    });
    while (ackedBatches < 30) await new Promise((r) => setTimeout(r, 5));
    await server.kill9();
    killed = true;
    await Promise.all(loops);
    const acknowledged = devices.reduce((n, d) => n + d.acked.size, 0);
    expect(acknowledged).toBeGreaterThanOrEqual(30 * BATCH);

    server = await startChildServer(dbArgs);
    for (const d of devices) {
      // Re-sending everything: what was acknowledged must come back as duplicate, the rest is accepted once.
      for (let i = 0; i < d.sent.length; i += BATCH) {
        const batch = d.sent.slice(i, i + BATCH);
        const { results } = ReportsResponse.parse(
          await postJson(server.url, "/v1/reports", { deviceId: d.device.deviceId, envelopes: batch }),
        );
        for (const r of results) {
          expect(r.outcome).not.toBe("rejected");
          if (d.acked.has(r.seq)) expect([r.seq, r.outcome]).toEqual([r.seq, "duplicate"]);
        }
      }
    }
    await server.stop();
    server = undefined;

    const db = connect({ url: dbUrl, sqliteFile: sqlitePath({ dataDir }) });
    try {
      for (const d of devices) {
        const rows = await db.kysely
          .selectFrom("ledger")
          .selectAll()
          .where("device_id", "=", d.device.deviceId)
          .execute();
        const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
        expect(seqs).toEqual(d.sent.map((_, i) => i + 1));
        expect(rows.every((r) => r.outcome === "accepted")).toBe(true);
        const byHash = new Map(rows.map((r) => [r.seq, r.hash]));
        for (const [seq, hash] of d.acked) expect(byHash.get(seq)).toBe(hash);
        for (const e of d.sent) expect(rows.some((r) => r.hash === payloadHash(e))).toBe(true);
      }
      const ledger = await db.kysely
        .selectFrom("ledger")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const raw = await db.kysely
        .selectFrom("raw_envelopes")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(raw.n)).toBe(Number(ledger.n));
    } finally {
      await db.close();
    }
  });
});

async function seedToken(dataDir: string, dbUrl: string | undefined): Promise<string> {
  const db = connect({ url: dbUrl, sqliteFile: sqlitePath({ dataDir }) });
  try {
    await migrateToLatest(db);
    const council = await createCouncil({ db, clock: systemClock }, "Crash Test Parish Council");
    return (await createToken({ db, clock: systemClock }, { council: council.id, expires: "1d", uses: 10 })).token;
  } finally {
    await db.close();
  }
}

async function postJson(base: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(new URL(path, base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}
