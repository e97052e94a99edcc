// A database failure while the approve links are built (inside the ingest's shared transaction) is never swallowed as
// "the alert goes without links": SQLite ends the whole transaction on some failures (a full disk), and every
// statement after it would then run, and commit, outside any transaction. It ends the alerting, or the batch.
import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { getSetting } from "../../server/stores/settings-store.js";
import { describeDialects, post } from "../collector/harness.js";
import { usbFail } from "../dashboard/usb-results.js";
import { type AlertTest, alertTest } from "./alert-env.js";

const SANDISK = {
  vendorId: "0781",
  productId: "5583",
  serial: "4C530001230512113283",
  vendor: "SanDisk",
  model: "Ultra Fit",
};

describeDialects("approve links and a failing database", (dialect) => {
  let t: AlertTest | undefined;
  afterEach(async () => t?.close());

  it("a full disk while the approve secret is stored leaves no alert without its links, and no half batch", async () => {
    t = await alertTest(dialect, {
      publicUrl: "https://ward.council.example",
      webhooks: [{ name: "bridge", url: "http://127.0.0.1:9/unused", format: "json", role: "it" }],
    });
    const q = t.env.server.ctx.db.kysely;
    // The first approve link stores the collector's link secret: that insert fails as on a full disk.
    expect(await getSetting(q, "approve_link_secret")).toBeUndefined();
    if (dialect === "sqlite") {
      // RAISE(ROLLBACK) ends the whole transaction, as SQLITE_FULL may.
      await sql`create trigger full_disk before insert on settings begin select raise(rollback, 'database or disk is full'); end`.execute(
        q,
      );
    } else {
      await sql`create function full_disk() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$`.execute(
        q,
      );
      await sql`create trigger full_disk before insert on settings for each row execute function full_disk()`.execute(
        q,
      );
    }
    const ledger = async () =>
      Number(
        (
          await q
            .selectFrom("ledger")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const envelope = t.device.full([usbFail(SANDISK)], t.clock.now());
    const res = await post(t.env, "/v1/reports", { deviceId: t.device.deviceId, envelopes: [envelope] });
    // No alert went out without its links, whichever way the failure ended.
    expect(await t.outbox()).toEqual([]);
    if (dialect === "sqlite") {
      // The transaction is gone: the batch fails whole (the agent sends it again), nothing of it kept.
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(await ledger()).toBe(0);
    } else {
      // PostgreSQL kept the transaction up to the alerts' savepoint: the report is stored, its alerting rolled back.
      expect(res.status).toBe(200);
      expect(await ledger()).toBe(1);
    }

    await sql`drop trigger full_disk${sql.raw(dialect === "postgres" ? " on settings" : "")}`.execute(q);
    const next = dialect === "sqlite" ? envelope : t.device.full([usbFail(SANDISK)], t.clock.now());
    expect(await t.send(next)).toEqual(["accepted"]);
    const alerts = await t.outbox();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.content_json).toContain("https://ward.council.example/dashboard/approve?t=");
  });
});
