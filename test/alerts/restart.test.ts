// Delivery guarantees: a restart between the change and the send sends once; a failing SMTP server is retried, once.
import { afterEach, beforeEach, expect, it } from "vitest";
import { createAlerts } from "../../server/alerts/index.js";
import { listAlerts, retryFailed } from "../../server/alerts/outbox-store.js";
import { createServer, type WardServer } from "../../server/main.js";
import { silentLogger } from "../../shared/logger.js";
import { describeDialects } from "../collector/harness.js";
import { type AlertTest, alertTest, result, TEST_SENDER } from "./alert-env.js";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.js";

describeDialects("alert delivery", (dialect) => {
  let smtp: SmtpSink;
  let t: AlertTest | undefined;
  let second: WardServer | undefined;
  beforeEach(async () => {
    smtp = await startSmtpSink();
  });
  afterEach(async () => {
    await second?.close();
    second = undefined;
    await t?.close();
    await smtp.close();
  });

  const setUp = () =>
    alertTest(dialect, {
      smtpUrl: smtp.url,
      from: "ward@council.example",
      recipients: { dsfm: ["dsfm@council.example"] },
    });
  const failTwice = async (x: AlertTest) => {
    await x.full(result("disk-encryption", "fail"));
    await x.full(result("disk-encryption", "fail"));
  };

  it("sends exactly one email when the collector restarts between the change and the send", async () => {
    t = await setUp();
    await failTwice(t);
    expect((await t.outbox()).map((r) => r.status)).toEqual(["pending"]); // committed with the report
    await t.env.server.close(); // the collector stops before its sender ran
    second = await createServer(t.env.config, { logger: silentLogger, clock: t.clock });
    const after = createAlerts(second.ctx, TEST_SENDER);
    await after.tick();
    await after.tick();
    expect(smtp.received).toHaveLength(1);
    // And a further restart never re-sends what is marked sent.
    await second.close();
    second = await createServer(t.env.config, { logger: silentLogger, clock: t.clock });
    await createAlerts(second.ctx, TEST_SENDER).tick();
    expect(smtp.received).toHaveLength(1);
    expect((await listAlerts(second.ctx.db.kysely, { limit: 10 })).map((r) => [r.status, r.attempts])).toEqual([
      ["sent", 1],
    ]);
  });

  it("retries a failing SMTP server with backoff and sends once when it comes back", async () => {
    t = await setUp();
    await failTwice(t);
    await smtp.stop(); // connection refused
    let tally = await t.alerts.tick();
    expect(tally.sent).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [row] = await t.outbox();
    expect(row?.last_error).toMatch(/ECONNREFUSED/);
    expect(row?.next_attempt_at).toBe(new Date(t.clock.now().getTime() + 60_000).toISOString());
    await t.alerts.tick(); // not due yet: nothing happens
    expect((await t.outbox())[0]?.attempts).toBe(1);
    await smtp.start();
    smtp.failNext(1); // back, but answers 451 once
    t.clock.advance(60_000);
    tally = await t.alerts.tick();
    expect(tally.sent.retrying).toBe(1);
    [row] = await t.outbox();
    expect(row?.last_error).toMatch(/451/);
    expect(row?.next_attempt_at).toBe(new Date(t.clock.now().getTime() + 120_000).toISOString()); // doubled
    t.clock.advance(120_000);
    await t.alerts.tick();
    t.clock.advance(3_600_000);
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(1);
    [row] = await t.outbox();
    expect([row?.status, row?.attempts, row?.last_error]).toEqual(["sent", 3, null]);
  });

  it("gives up after the last attempt and shows it as failed; retry puts it back", async () => {
    t = await setUp();
    t.alerts = createAlerts(t.env.server.ctx, { ...TEST_SENDER, maxAttempts: 2 });
    await failTwice(t);
    await smtp.stop();
    await t.alerts.tick();
    t.clock.advance(60_000);
    await t.alerts.tick();
    const failed = await listAlerts(t.env.server.ctx.db.kysely, {
      councilId: t.councilId,
      status: "failed",
      limit: 10,
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]?.last_error).not.toContain("smtp://");
    await smtp.start();
    expect(await retryFailed(t.env.server.ctx.db.kysely, { councilId: t.councilId }, t.clock.now())).toBe(1);
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(1);
  });

  it("does not send a row another live instance has claimed, and re-sends one whose claim lapsed (at-least-once)", async () => {
    t = await setUp();
    await failTwice(t);
    const q = t.env.server.ctx.db.kysely;
    const until = new Date(t.clock.now().getTime() + 60_000).toISOString();
    await q.updateTable("alert_outbox").set({ claimed_by: "snd_other", claimed_until: until }).execute();
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(0);
    t.clock.advance(61_000); // the other instance died mid-send: its claim lapses
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(1);
    const key = (await t.outbox())[0]?.idempotency_key;
    expect(smtp.received[0]?.mail.messageId).toBe(`<${key}@alerts.ward>`);
  });
});
