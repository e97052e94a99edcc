// The retention purge's claim between collectors: a run that took over a crashed claim and is then stopped is due
// again at the next check; a long run renews its claim and learns when it was taken over; two purges at once on
// PostgreSQL never fold a row whose raw envelope is still stored, nor deadlock with a transaction writing for several
// devices (a bulk waiver).
import { type Kysely, sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { DAY_MS, manualClock } from "../../server/clock.js";
import type { Database } from "../../server/db/schema.js";
import { purgeExpired } from "../../server/services/retention.js";
import { createScheduler } from "../../server/services/scheduler.js";
import { CLAIM_LEASE_MS, claimJob, renewJob } from "../../server/stores/job-store.js";
import type { ChunkDone } from "../../server/stores/purge-chunks.js";
import { describeDialects, newEnv, type TestEnv } from "./harness.js";
import { seedDevices } from "./retention-seed.js";

const POLICY = { rawRetentionDays: 90, retentionDays: 400 };
const T0 = "2026-01-01T00:00:00.000Z";

const count = async (q: Kysely<Database>, table: "raw_envelopes" | "ledger") =>
  Number(
    (
      await q
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Raw envelopes whose ledger row is gone (folded into a range while the envelope was still stored). */
async function orphans(q: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from raw_envelopes e
    where not exists (select 1 from ledger l where l.id = e.ledger_id)`.execute(q);
  return Number(r.rows[0]!.n);
}

describeDialects("retention claims", (dialect) => {
  let env: TestEnv;
  const clock = manualClock(T0);
  beforeEach(async () => {
    clock.set(T0);
    env = await newEnv(dialect, { clock });
  });
  afterEach(async () => env.close());

  it("a run that took over a crashed claim and was stopped is due again at the next check", async () => {
    await seedDevices(env, clock, 1, [3, 3]);
    const q = env.server.ctx.db.kysely;
    // An instance claims the purge and dies.
    const now = clock.now();
    expect(await claimJob(q, dialect, "retention", now, new Date(now.getTime() - DAY_MS))).toBeDefined();
    clock.advance(CLAIM_LEASE_MS + 60_000);
    // This one takes it over at its check and is stopped after its first chunk.
    const first = createScheduler(env.server.ctx);
    const tick = first.tick();
    await first.stop();
    expect(await tick).toEqual([]);
    // Started again five minutes later, its check runs the purge (before, it waited a day from the crashed claim).
    clock.advance(5 * 60_000);
    expect(await createScheduler(env.server.ctx).tick()).toEqual(["retention"]);
    expect(await count(q, "raw_envelopes")).toBe(0);
    // Two full reports and a range of each device's three heartbeats after them.
    expect(await count(q, "ledger")).toBe(4);
  });

  it("a long run renews its claim, and learns when another instance took it over", async () => {
    const q = env.server.ctx.db.kysely;
    const now = clock.now();
    const claim = await claimJob(q, dialect, "retention", now, new Date(now.getTime() - DAY_MS));
    expect(claim).toBeDefined();
    // 50 minutes in, the run renews: another instance at 70 minutes does not take it (the lease counts from then).
    clock.advance(50 * 60_000);
    expect(await renewJob(q, claim!, clock.now())).toBe(true);
    clock.advance(20 * 60_000);
    const other = () => claimJob(q, dialect, "retention", clock.now(), new Date(clock.now().getTime() - DAY_MS));
    expect(await other()).toBeUndefined();
    // Past the renewed lease it is taken over, and the first run's next renewal says so.
    clock.advance(CLAIM_LEASE_MS);
    expect(await other()).toBeDefined();
    expect(await renewJob(q, claim!, clock.now())).toBe(false);
    // Also with the first run's clock stepped back ten hours: the claim is still asked of the database.
    expect(await renewJob(q, claim!, new Date(clock.now().getTime() - 10 * 3_600_000))).toBe(false);
  });
});

describeDialects("retention on one PostgreSQL, two purges", () => {
  let a: TestEnv;
  let b: TestEnv;
  const clock = manualClock(T0);
  beforeEach(async () => {
    clock.set(T0);
    a = await newEnv("postgres", { clock });
    b = await newEnv("postgres", { clock, dbUrl: a.dbUrl! });
  });
  afterEach(async () => {
    await b.close();
    await a.close();
  });

  it("two purges at once never fold a row whose raw envelope is still stored", async () => {
    await seedDevices(a, clock, 3, [45, 45]);
    const q = a.server.ctx.db.kysely;
    let worst = 0;
    // Each raw-envelope chunk is slow (a busy database), so the two purges' deletes meet in step (before the fix, 170
    // envelopes were left without their rows: a delete that met the other's took itself for done); after every chunk the
    // ledger is checked for a row folded away while its envelope is still stored.
    const options = {
      chunkRows: 50,
      foldPage: 20,
      dialect: "postgres" as const,
      afterChunk: async (c: ChunkDone) => {
        if (c.step === "rawEnvelopes") await new Promise((r) => setTimeout(r, 100));
        worst = Math.max(worst, await orphans(q));
      },
    };
    const now = clock.now();
    const [first, second] = await Promise.all([
      purgeExpired(a.server.ctx.db.kysely, POLICY, now, options),
      purgeExpired(b.server.ctx.db.kysely, POLICY, now, options),
    ]);
    expect(worst).toBe(0);
    // Between them, every raw envelope was deleted once and every heartbeat folded once.
    expect(first.rawEnvelopes + second.rawEnvelopes).toBe(3 * 92);
    expect(await count(q, "raw_envelopes")).toBe(0);
    expect(await count(q, "ledger")).toBe(3 * 4);
  });

  it("a fold holding many devices does not deadlock with a transaction writing waivers for several", async () => {
    await seedDevices(a, clock, 2, [5, 5]);
    const q = a.server.ctx.db.kysely;
    const devices = await q.selectFrom("devices").select(["id", "council_id"]).orderBy("id").execute();
    const waiver = (d: (typeof devices)[number], id: string) => ({
      id,
      council_id: d.council_id,
      device_id: d.id,
      control: "disk-encryption",
      reason: "a replacement laptop is on order",
      approved_by: "dsfm@council.example",
      created_at: clock.now().toISOString(),
      expires_at: "2027-01-01T00:00:00.000Z",
      revoked_at: null,
      revoked_by: null,
    });
    // A bulk waiver writes for the second device first; meanwhile the fold locks the devices in id order.
    const trx = await q.startTransaction().execute();
    await trx.insertInto("waivers").values(waiver(devices[1]!, "wvr_1")).execute();
    const purge = purgeExpired(b.server.ctx.db.kysely, POLICY, clock.now(), { dialect: "postgres" });
    await new Promise((r) => setTimeout(r, 300));
    await trx.insertInto("waivers").values(waiver(devices[0]!, "wvr_2")).execute();
    await trx.commit().execute();
    expect(await purge).toMatchObject({ rawEnvelopes: 2 * 12, ledgerRowsFolded: 2 * 8 });
    expect(await q.selectFrom("waivers").select("id").orderBy("id").execute()).toEqual([
      { id: "wvr_1" },
      { id: "wvr_2" },
    ]);
  });
}, ["postgres"]);
