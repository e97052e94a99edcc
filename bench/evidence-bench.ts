// Evidence pack render time: one council of 500 devices over a year (every control's status history, reports every
// 6 hours in the ledger, chain events, waivers, attestations) seeded straight into SQLite, then the signed PDF and
// CSV built as `ward-server report evidence` builds them. Baseline: the same council's printable HTML report page.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Insertable, sql } from "kysely";
import { silentLogger } from "../shared/logger.js";
import { CONTROL_IDS } from "../shared/schemas/control.js";
import { loadServerConfig } from "../server/config/config.js";
import type { Database } from "../server/db/schema.js";
import { insertAttestation } from "../server/evidence/attestation-store.js";
import { collectEvidence } from "../server/evidence/collect.js";
import { buildEvidencePack } from "../server/evidence/pack.js";
import { createServer } from "../server/main.js";
import { createCouncil } from "../server/services/admin.js";
import { findCouncil } from "../server/stores/council-store.js";
import { type Figure, figure } from "./figures.js";
import { median } from "./proc-stats.js";

const DAY = 86_400_000;
const REPORTS_PER_DAY = 4;

async function insertChunks<T extends keyof Database>(
  q: import("kysely").Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  chunk = 400,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk)
    await q
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
}

export async function evidenceFigures(
  log: (line: string) => void,
  o: { devices: number; repeats: number },
): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "ward-bench-evidence-"));
  const server = await createServer(loadServerConfig({ flags: { dataDir, port: 0 } }), { logger: silentLogger });
  try {
    const q = server.ctx.db.kysely;
    await sql`PRAGMA synchronous = OFF`.execute(q);
    const now = new Date();
    const start = now.getTime() - 365 * DAY;
    const council = await createCouncil({ db: server.ctx.db, clock: server.ctx.clock }, "Bench Evidence Town Council");
    const t0 = performance.now();
    let ledgerRows = 0;
    for (let i = 0; i < o.devices; i++) {
      const id = `dev_evb${String(i).padStart(19, "0")}`;
      const enrolled = new Date(start - DAY).toISOString();
      await q
        .insertInto("devices")
        .values({
          id,
          council_id: council.id,
          public_key: `pk-${id}`,
          key_id: `k-${id}`,
          hostname: `LAPTOP-${String(i).padStart(4, "0")}`,
          hostname_key: `laptop-${String(i).padStart(4, "0")}`,
          serial: `SN${100000 + i}`,
          manufacturer: "LENOVO",
          model: "ThinkPad T14",
          os_platform: "windows",
          os_name: "Windows 11 Pro",
          os_version: "23H2",
          os_build: "22631",
          agent_version: "0.1.0",
          enrolled_at: enrolled,
          last_seen_at: now.toISOString(),
          last_seq: 365 * REPORTS_PER_DAY,
          last_hash: null,
          results_hash: null,
          results_confirmed_at: null,
        })
        .execute();
      const ledger: Insertable<Database["ledger"]>[] = [];
      for (let r = 0; r < 365 * REPORTS_PER_DAY; r++) {
        const at = new Date(start + (r * DAY) / REPORTS_PER_DAY).toISOString();
        ledger.push({
          id: `led_${id}_${r}`,
          device_id: id,
          key_id: `k-${id}`,
          seq: r + 1,
          hash: `h${r}`,
          prev_hash: null,
          report_kind: r % REPORTS_PER_DAY ? "heartbeat" : "full",
          collected_at: at,
          received_at: at,
          outcome: "accepted",
          chain: "next",
          reason: null,
        });
      }
      ledgerRows += ledger.length;
      const changes: Insertable<Database["status_changes"]>[] = [];
      const current: Insertable<Database["current_results"]>[] = [];
      CONTROL_IDS.forEach((control, k) => {
        // Each control flips a few times a year on some devices: pass, a failing spell, pass again.
        let status = "pass";
        let since = new Date(start).toISOString();
        for (let f = 0; f < 1 + ((i + k) % 4) * 2; f++) {
          const at = new Date(start + ((f + 1) * 40 + ((i * 7 + k * 13) % 30)) * DAY).toISOString();
          const to = f === 0 ? "pass" : status === "pass" ? ((i + k) % 9 === 0 ? "unknown" : "fail") : "pass";
          changes.push({
            id: `sc_${id}_${k}_${f}`,
            device_id: id,
            council_id: council.id,
            control,
            from_status: f === 0 ? null : status,
            to_status: to,
            result_json: "{}",
            collected_at: f === 0 ? since : at,
            received_at: f === 0 ? since : at,
            ledger_id: "x",
          });
          if (to !== status || f === 0) since = f === 0 ? since : at;
          status = to;
        }
        current.push({
          device_id: id,
          control,
          status,
          result_json: "{}",
          since,
          collected_at: now.toISOString(),
          ledger_id: "x",
        });
      });
      await q.transaction().execute(async (tx) => {
        await insertChunks(tx, "ledger", ledger);
        await insertChunks(tx, "status_changes", changes);
        await insertChunks(tx, "current_results", current);
        if (i % 50 === 7)
          await tx
            .insertInto("integrity_events")
            .values({
              id: `ie_${id}`,
              device_id: id,
              council_id: council.id,
              kind: "gap",
              seq: 100,
              detail_json: "{}",
              created_at: new Date(start + 100 * DAY).toISOString(),
              acknowledged_at: null,
            })
            .execute();
        if (i % 40 === 3)
          await tx
            .insertInto("waivers")
            .values({
              id: `w_${id}`,
              council_id: council.id,
              device_id: id,
              control: "screen-lock",
              reason: "Presentation laptop",
              approved_by: "dsfm@bench.example",
              created_at: new Date(start + 200 * DAY).toISOString(),
              expires_at: new Date(now.getTime() + 30 * DAY).toISOString(),
              revoked_at: null,
              revoked_by: null,
            })
            .execute();
      });
      if ((i + 1) % 100 === 0) log(`  ${i + 1} devices seeded (${ledgerRows.toLocaleString("en-GB")} ledger rows)…`);
    }
    for (const kind of ["mfa-cloud", "it-policy"] as const) {
      await insertAttestation(q, {
        council_id: council.id,
        kind,
        evidence: "Bench evidence",
        checked_on: now.toISOString().slice(0, 10),
        expires_at: new Date(now.getTime() + 300 * DAY).toISOString(),
        policy_adopted_on: "2026-05-12",
        policy_reviewed_on: "2026-11-10",
        minute_ref: "FC 1",
        recorded_by: "dsfm@bench.example",
        recorded_role: "council-manager",
        recorded_at: now.toISOString(),
      });
    }
    await sql`ANALYZE`.execute(q);
    const seedSeconds = (performance.now() - t0) / 1000;
    const row = (await findCouncil(q, council.id))!;
    const range = {
      from: new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10),
      to: now.toISOString().slice(0, 10),
    };
    const ms: number[] = [];
    let pages = 0;
    let bytes = 0;
    for (let r = 0; r < o.repeats + 1; r++) {
      const t = performance.now();
      const pack = await buildEvidencePack(q, server.ctx.key, row, range, "bench", now);
      const took = performance.now() - t;
      if (r > 0) ms.push(took);
      bytes = pack.pdf.length;
      pages = (pack.pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
    }
    // The queries alone (the rest is rendering, subsetting the fonts and signing).
    const queries: number[] = [];
    for (let r = 0; r < o.repeats + 1; r++) {
      const t = performance.now();
      await collectEvidence(q, row, range, now);
      if (r > 0) queries.push(performance.now() - t);
    }
    // Baseline in the same run: the council's printable HTML report (the dashboard's existing report page).
    const { councilReport } = await import("../server/dashboard/queries/report.js");
    const base: number[] = [];
    for (let r = 0; r < o.repeats + 1; r++) {
      const t = performance.now();
      await councilReport(q, council.id, `${range.from}T00:00:00.000Z`, now.toISOString(), now);
      if (r > 0) base.push(performance.now() - t);
    }
    return [
      figure({
        section: "evidence",
        name: `evidence pack, ${o.devices} devices over a year: build, render and sign`,
        value: median(ms) / 1000,
        unit: "s",
        limit: { label: "limit", value: 5, unit: "s", kind: "below" },
        baseline: { label: "report page query", value: median(base) / 1000, unit: "s" },
        note: `median of ${ms.length} after one warm-up, of which the queries ${(median(queries) / 1000).toFixed(2)} s; ${pages} A4 pages, ${(bytes / 1024).toFixed(0)} KB signed PDF plus CSV; ${ledgerRows.toLocaleString("en-GB")} ledger rows (${REPORTS_PER_DAY} reports a day), ${CONTROL_IDS.length} controls' status history, seeded in ${seedSeconds.toFixed(0)} s; baseline: the printable report's queries for the same council and year`,
      }),
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
