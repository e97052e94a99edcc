// The retention purge works in short transactions: a batch is answered between two chunks of a big purge, every
// committed state is a linked chain, a purge stopped anywhere then run again ends as one that never stopped, and a
// claim left by a crashed run is taken again after its lease.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { DAY_MS, manualClock } from "../../server/clock.js";
import { connect } from "../../server/db/connect.js";
import type { Database } from "../../server/db/schema.js";
import { purgeExpired } from "../../server/services/retention.js";
import { createScheduler } from "../../server/services/scheduler.js";
import { CLAIM_LEASE_MS, claimJob, releaseJob } from "../../server/stores/job-store.js";
import type { ChunkDone } from "../../server/stores/purge-chunks.js";
import { checkResult } from "./device.js";
import { describeDialects, enrolledDevice, newEnv, type TestEnv } from "./harness.js";
import { seedDevices } from "./retention-seed.js";

const POLICY = { rawRetentionDays: 90, retentionDays: 400 };
/** Small chunks, so a few hundred rows make many of them. */
const SMALL = { chunkRows: 50, foldPage: 20 };

describeDialects("retention in chunks", (dialect) => {
  let env: TestEnv;
  const clock = manualClock("2026-01-01T00:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-01-01T00:00:00.000Z");
    env = await newEnv(dialect, { clock });
  });
  afterEach(async () => env.close());

  const seed = (devices: number) => seedDevices(env, clock, devices);

  it("answers a batch between two chunks of a big purge, and every committed state is a linked chain", async () => {
    await seed(4);
    const late = await enrolledDevice(env);
    const q = env.server.ctx.db.kysely;
    const chunks: ChunkDone[] = [];
    let answeredAfter = -1;
    const counts = await purgeExpired(q, POLICY, clock.now(), {
      ...SMALL,
      dialect,
      afterChunk: async (c) => {
        chunks.push(c);
        expect(await brokenLinks(q)).toEqual([]);
        // The purge waits here, between two chunks, for a batch to be stored and answered: with the purge in one
        // transaction this would never return (SQLite's one writer would be held by the purge itself).
        if (chunks.length === 3) {
          const answer = await late.send(late.device.full([checkResult("disk-encryption", "pass")], clock.now()));
          expect(answer.results[0]).toMatchObject({ outcome: "accepted" });
          answeredAfter = chunks.length;
        }
      },
    });
    expect(answeredAfter).toBe(3);
    expect(chunks.length).toBeGreaterThan(15);
    // 4 devices × 92 rows: 368 raw envelopes, and each device's two runs of heartbeats folded into ranges.
    expect(counts).toMatchObject({ rawEnvelopes: 368, ledgerRowsFolded: 4 * (59 + 29), chunks: chunks.length });
    expect(Math.max(...chunks.map((c) => c.rows))).toBeLessThanOrEqual(SMALL.chunkRows + SMALL.foldPage + 4);
    expect(chunks.filter((c) => c.step === "ledgerRowsFolded").length).toBeGreaterThan(4);
    const ledger = await q
      .selectFrom("ledger")
      .select(["last_seq", "envelopes"])
      .where("last_seq", "is not", null)
      .execute();
    expect(ledger.map((r) => r.envelopes).sort()).toEqual([30, 30, 30, 30, 60, 60, 60, 60]);
  });

  it("stops a purge after the chunk in hand when the collector stops, and the next check goes on from there", async () => {
    const q = env.server.ctx.db.kysely;
    await seed(4);
    const ledgerRows = async () => (await q.selectFrom("ledger").select("id").execute()).length;
    const before = await ledgerRows();
    const tick = env.server.scheduler.tick();
    await env.server.scheduler.stop();
    // The first chunk (the raw envelopes, 368 of them) committed; the fold had not begun, and the claim was given back.
    expect(await tick).toEqual([]);
    expect(await q.selectFrom("raw_envelopes").select("ledger_id").execute()).toEqual([]);
    expect(await ledgerRows()).toBe(before);
    const job = await q.selectFrom("job_runs").selectAll().where("name", "=", "retention").executeTakeFirstOrThrow();
    expect([job.last_run_at, job.last_result]).toEqual([null, null]);
    // The next instance's check (a new scheduler on the same database) finishes it.
    expect(await createScheduler(env.server.ctx).tick()).toEqual(["retention"]);
    expect(await brokenLinks(q)).toEqual([]);
    expect(await ledgerRows()).toBe(before - 4 * (59 + 29));
  });

  it("takes a claim a crashed run left back only after its lease; a failed run gives it back at once", async () => {
    const q = env.server.ctx.db.kysely;
    await seed(1);
    const now = clock.now();
    const claim = () => claimJob(q, dialect, "retention", now, new Date(now.getTime() - DAY_MS));
    // A run that failed gave its claim back: the purge is due again at once.
    const failed = await claim();
    await releaseJob(q, failed!);
    // An instance claimed the purge and died before finishing it.
    expect(await claim()).toBeDefined();
    expect(await env.server.scheduler.tick()).toEqual([]);
    clock.advance(CLAIM_LEASE_MS - 60_000);
    expect(await env.server.scheduler.tick()).toEqual([]);
    clock.advance(2 * 60_000);
    expect(await env.server.scheduler.tick()).toEqual(["retention"]);
    expect(await q.selectFrom("raw_envelopes").select("ledger_id").execute()).toEqual([]);
    const run = await q.selectFrom("job_runs").selectAll().where("name", "=", "retention").executeTakeFirstOrThrow();
    expect(JSON.parse(run.last_result!)).toMatchObject({ rawEnvelopes: 92, ledgerRowsFolded: 59 + 29 });
    expect(await env.server.scheduler.tick()).toEqual([]);
  });
});

// SQLite only: each stop is tried on its own copy of one seeded database (VACUUM INTO), against one whole run.
describeDialects("retention in chunks, stopped", () => {
  let env: TestEnv;
  const clock = manualClock("2026-01-01T00:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-01-01T00:00:00.000Z");
    env = await newEnv("sqlite", { clock });
  });
  afterEach(async () => env.close());
  const seed = (devices: number) => seedDevices(env, clock, devices);

  it("resumes a purge stopped between any two chunks and ends as one run that never stopped", async () => {
    const handle = env.server.ctx.db.sqlite!;
    await seed(3);
    const copy = (name: string) => {
      const file = join(env.dataDir, `${name}.sqlite`);
      handle.exec(`vacuum into '${file}'`);
      return connect({ sqliteFile: file });
    };
    const whole = copy("whole");
    const chunks: ChunkDone[] = [];
    const counts = await purgeExpired(whole.kysely, POLICY, clock.now(), {
      ...SMALL,
      afterChunk: (c) => void chunks.push(c),
    });
    const expected = await dump(whole.kysely);
    await whole.close();
    expect(expected.ledger.length).toBe(3 * 4);
    for (let stopAt = 1; stopAt < chunks.length; stopAt += 1) {
      const db = copy(`stopped-${stopAt}`);
      let seen = 0;
      const stop = () => {
        if (++seen === stopAt) throw new Error("stopped here, as a crash would");
      };
      await expect(purgeExpired(db.kysely, POLICY, clock.now(), { ...SMALL, afterChunk: stop })).rejects.toThrow(
        /crash/,
      );
      expect(await brokenLinks(db.kysely), `stopped after chunk ${stopAt}`).toEqual([]);
      const again = await purgeExpired(db.kysely, POLICY, clock.now(), SMALL);
      expect(await dump(db.kysely), `stopped after chunk ${stopAt}`).toEqual(expected);
      // Nothing is counted twice: what the first run did and what the second did make one whole run.
      expect(again.ledgerRowsFolded).toBeLessThanOrEqual(counts.ledgerRowsFolded);
      await db.close();
      rmSync(join(env.dataDir, `stopped-${stopAt}.sqlite`), { force: true });
    }
  });
}, ["sqlite"]);

// PostgreSQL: a claim taken over after its lease while its first instance still works means two purges at once; each
// fold page holds its device's row lock, so every run of heartbeats is folded once, by one of them.
describeDialects("retention in chunks, two instances at once", () => {
  let a: TestEnv;
  let b: TestEnv;
  const clock = manualClock("2026-01-01T00:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-01-01T00:00:00.000Z");
    a = await newEnv("postgres", { clock });
    b = await newEnv("postgres", { clock, dbUrl: a.dbUrl! });
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  it("fold each run once and leave a linked chain", async () => {
    await seedDevices(a, clock, 3);
    const o = { ...SMALL, dialect: "postgres" as const };
    const both = await Promise.all([a, b].map((env) => purgeExpired(env.server.ctx.db.kysely, POLICY, clock.now(), o)));
    expect(both[0]!.ledgerRowsFolded + both[1]!.ledgerRowsFolded).toBe(3 * (59 + 29));
    const q = a.server.ctx.db.kysely;
    expect(await brokenLinks(q)).toEqual([]);
    const ranges = await q.selectFrom("ledger").select("envelopes").where("last_seq", "is not", null).execute();
    expect(ranges.map((r) => r.envelopes).sort()).toEqual([30, 30, 30, 60, 60, 60]);
    // A delete that met the other's may stop early; the next run takes what is left.
    await purgeExpired(q, POLICY, clock.now(), o);
    expect(await q.selectFrom("raw_envelopes").select("ledger_id").execute()).toEqual([]);
  });
}, ["postgres"]);

/** Every accepted row (a range or one envelope) names the one before it: seq follows on and prev_hash is its hash. */
async function brokenLinks(q: Kysely<Database>): Promise<string[]> {
  const rows = await q
    .selectFrom("ledger")
    .select(["device_id", "seq", "last_seq", "hash", "prev_hash"])
    .where("outcome", "=", "accepted")
    .orderBy("device_id")
    .orderBy("seq")
    .execute();
  const broken: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!];
    if (a.device_id !== b.device_id) continue;
    if (b.seq !== (a.last_seq ?? a.seq) + 1 || b.prev_hash !== a.hash) broken.push(`${b.device_id} seq ${b.seq}`);
  }
  return broken;
}

/** What the purge decides: the ledger (ranges included), the fold's marks and what is left of the purged tables. */
async function dump(q: Kysely<Database>) {
  const ids = async (t: "raw_envelopes" | "status_changes" | "integrity_events") =>
    (await q.selectFrom(t).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
  return {
    ledger: (await q.selectFrom("ledger").selectAll().orderBy("id").execute()).map((r) => ({
      ...r,
      range_hashes: r.range_hashes ? Buffer.from(r.range_hashes).toString("hex") : null,
    })),
    marks: await q.selectFrom("ledger_fold_marks").selectAll().orderBy("device_id").execute(),
    raw: await ids("raw_envelopes"),
    changes: await ids("status_changes"),
    events: await ids("integrity_events"),
  };
}
