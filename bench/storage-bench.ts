// Storage per device-day: simulated days of 15-minute reports through the real ingest route, with the server's clock set.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import type { Database } from "../server/db/schema.js";
import { silentLogger } from "../shared/logger.js";
import { EnrollResponse, ReportsResponse } from "../shared/schemas/api.js";
import type { CheckResult } from "../shared/schemas/check-result.js";
import type { Envelope } from "../shared/schemas/envelope.js";
import { manualClock } from "../server/clock.js";
import { loadServerConfig, sqlitePath } from "../server/config/config.js";
import { createServer } from "../server/main.js";
import { createCouncil, createToken } from "../server/services/admin.js";
import { purgeExpired } from "../server/services/retention.js";
import { BenchDevice } from "./load.js";

export interface TableBytes {
  [table: string]: number;
}

/** Bytes per table, its indexes included (dbstat), or null when this SQLite build has no dbstat. */
export function tableBytes(file: string): TableBytes | null {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const owner = new Map<string, string>();
    for (const r of db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table','index')").all() as {
      name: string;
      tbl_name: string;
    }[]) {
      owner.set(r.name, r.tbl_name);
    }
    const rows = db.prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name").all() as {
      name: string;
      bytes: number;
    }[];
    const out: TableBytes = {};
    for (const r of rows) {
      const t = owner.get(r.name) ?? r.name;
      out[t] = (out[t] ?? 0) + r.bytes;
    }
    return out;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

export interface StorageResult {
  scenario: string;
  devices: number;
  days: number;
  envelopes: number;
  fullReports: number;
  /** Growth per device-day of everything kept once raw evidence aged out and the heartbeat runs were folded. */
  keptPerDeviceDay: number;
  /** raw_envelopes per device-day while kept. */
  rawPerDeviceDay: number;
  /** Everything per device-day while the raw envelopes are kept (before the purge and the fold). */
  windowPerDeviceDay: number;
  /** Ledger rows after the fold (ledgerRows before it). */
  foldedRows: number;
  rawPurged: number;
  filePerDeviceDay: number;
  byTable: Record<string, number>;
  ledgerRows: number;
  dbstat: boolean;
}

const CYCLE_MS = 15 * 60_000;

export async function benchStorage(o: {
  scenario: string;
  devices: number;
  days: number;
  results: (device: number, cycle: number) => CheckResult[];
}): Promise<StorageResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "ward-bench-storage-"));
  const start = new Date("2026-06-01T08:00:00.000Z");
  const clock = manualClock(start);
  const config = loadServerConfig({ flags: { dataDir, port: 0 } });
  const server = await createServer(config, { logger: silentLogger, clock });
  const file = sqlitePath(config);
  try {
    // Storage bytes do not depend on fsync; without it the simulation takes seconds instead of minutes.
    await sql`PRAGMA synchronous = OFF`.execute(server.ctx.db.kysely);
    const deps = { db: server.ctx.db, clock };
    const council = await createCouncil(deps, `Storage Bench Council ${o.scenario}`);
    const { token } = await createToken(deps, { council: council.id, expires: "7d", uses: o.devices + 1 });
    const devices = Array.from({ length: o.devices }, (_, i) => new BenchDevice(`STORE-${o.scenario}-${i}`));
    for (const d of devices) {
      const res = await server.app.inject({ method: "POST", url: "/v1/enroll", payload: d.enrollBody(token) });
      if (res.statusCode !== 200) throw new Error(`enrol answered ${res.statusCode}: ${res.body}`);
      d.deviceId = EnrollResponse.parse(JSON.parse(res.body)).deviceId;
    }
    const cycles = o.days * 96;
    const chains: Envelope[][] = devices.map((d, di) => d.chain(cycles, start, (i) => o.results(di, i)));
    const before = await measure(server.ctx.db.kysely, file);
    let fullReports = 0;
    for (let i = 0; i < cycles; i++) {
      clock.set(new Date(start.getTime() + i * CYCLE_MS + 2000));
      for (const [di, d] of devices.entries()) {
        const env = chains[di]![i]!;
        if (env.payload.includes('"kind":"full"')) fullReports++;
        const res = await server.app.inject({
          method: "POST",
          url: "/v1/reports",
          payload: { deviceId: d.deviceId, envelopes: [env] },
        });
        const out = res.statusCode === 200 ? ReportsResponse.parse(JSON.parse(res.body)).results[0] : undefined;
        if (out?.outcome !== "accepted")
          throw new Error(`report answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      }
    }
    const ledgerRows = await countLedger(server.ctx.db.kysely);
    // While raw envelopes are kept (90 days by default) every report has its row and its raw envelope.
    const window = await measure(server.ctx.db.kysely, file);
    // Then what stays: the days' raw envelopes age out and the daily purge folds the heartbeat runs into ranges.
    clock.set(new Date(start.getTime() + (o.days + config.rawRetentionDays + 1) * 86_400_000));
    const purged = await purgeExpired(server.ctx.db.kysely, config, clock.now());
    const foldedRows = await countLedger(server.ctx.db.kysely);
    // Freed pages are reused by new rows; VACUUM gives the bytes the kept rows take.
    await sql`VACUUM`.execute(server.ctx.db.kysely);
    await server.close();
    const after = await measureClosed(file);
    const dd = o.devices * o.days;
    const byTable: Record<string, number> = {};
    for (const [t, b] of Object.entries(after.tables ?? {})) {
      const grown = b - (before.tables?.[t] ?? 0);
      if (grown !== 0) byTable[t] = grown / dd;
    }
    const sum = (tables: TableBytes | null, raw: boolean) =>
      Object.entries(tables ?? {}).reduce((n, [t, b]) => n + ((t === "raw_envelopes") === raw ? b : 0), 0);
    const kept = after.tables ? (sum(after.tables, false) - sum(before.tables, false)) / dd : Number.NaN;
    const grownIn = (t: TableBytes | null) =>
      t ? (sum(t, false) + sum(t, true) - sum(before.tables, false) - sum(before.tables, true)) / dd : Number.NaN;
    return {
      scenario: o.scenario,
      devices: o.devices,
      days: o.days,
      envelopes: cycles * o.devices,
      fullReports,
      keptPerDeviceDay: kept,
      rawPerDeviceDay: window.tables ? (sum(window.tables, true) - sum(before.tables, true)) / dd : Number.NaN,
      windowPerDeviceDay: grownIn(window.tables),
      foldedRows,
      rawPurged: purged.rawEnvelopes,
      filePerDeviceDay: (after.fileBytes - before.fileBytes) / dd,
      byTable,
      ledgerRows,
      dbstat: after.tables !== null,
    };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function countLedger(q: Kysely<Database>): Promise<number> {
  const row = await q
    .selectFrom("ledger")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function measure(q: Kysely<Database>, file: string) {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(q);
  return { tables: tableBytes(file), fileBytes: statSync(file).size };
}

async function measureClosed(file: string) {
  return { tables: tableBytes(file), fileBytes: statSync(file).size };
}
