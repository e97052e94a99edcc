// A council without a mail server: its alerts wait (shown on the Alerts page) and the log says so once per alert,
// not at every retry (the demo runs without one and its terminal filled with these lines).
import { afterEach, expect, it } from "vitest";
import { sendDue } from "../../server/alerts/sender.js";
import { memoryLogger } from "../../shared/logger.js";
import { type AlertTest, alertTest, result } from "./alert-env.js";

let t: AlertTest | undefined;
afterEach(async () => t?.close());

it("warns once per waiting alert, then only at info level while Ward keeps trying", async () => {
  t = await alertTest("sqlite", { recipients: { dsfm: ["dsfm@council.example"], it: [] } });
  await t.full(result("disk-encryption", "fail"));
  t.clock.advance(15 * 60_000);
  await t.full(result("disk-encryption", "fail"));
  const logger = memoryLogger();
  const ctx = { ...t.env.server.ctx, logger };
  const options = {
    owner: "test",
    batch: 10,
    claimMs: 60_000,
    timeoutMs: 5_000,
    backoffBaseMs: 60_000,
    backoffMaxMs: 3_600_000,
    maxAttempts: 12,
  };
  for (let i = 0; i < 4; i++) {
    await sendDue(ctx, options);
    t.clock.advance(3_600_000);
  }
  const lines = logger.lines.filter((l) => l.message === "alert not delivered; will retry");
  expect(lines.map((l) => l.level)).toEqual(["warn", "info", "info", "info"]);
  expect((await t.outbox())[0]?.status).toBe("pending");
});
