// Two collector instances on one PostgreSQL send each alert once: a row is claimed by one conditional UPDATE.
import { afterEach, expect, it } from "vitest";
import { createAlerts } from "../../server/alerts/index.js";
import { createServer, type WardServer } from "../../server/main.js";
import { silentLogger } from "../../shared/logger.js";
import { describeDialects } from "../collector/harness.js";
import { type AlertTest, alertTest, result, TEST_SENDER } from "./alert-env.js";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.js";

describeDialects(
  "alerts on several instances",
  (dialect) => {
    let smtp: SmtpSink | undefined;
    let t: AlertTest | undefined;
    let other: WardServer | undefined;
    afterEach(async () => {
      await other?.close();
      await t?.close();
      await smtp?.close();
    });

    it("sends every alert exactly once when two instances run their senders at the same time", async () => {
      smtp = await startSmtpSink();
      t = await alertTest(dialect, {
        smtpUrl: smtp.url,
        from: "ward@council.example",
        recipients: { dsfm: ["a@council.example", "b@council.example"], it: ["c@it.example"] },
      });
      for (const control of ["disk-encryption", "usb-storage", "hotspot", "os-patch"] as const) {
        await t.full(result(control, "fail"));
        await t.full(result(control, "fail"));
        await t.full(result(control, "pass"));
      }
      other = await createServer(t.env.config, { logger: silentLogger, clock: t.clock });
      const a = createAlerts(t.env.server.ctx, { ...TEST_SENDER, batch: 100 });
      const b = createAlerts(other.ctx, { ...TEST_SENDER, batch: 100 });
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      await Promise.all([a.tick(), b.tick()]);
      const rows = await t.outbox();
      expect(rows.length).toBe(24); // 4 alerts + 4 resolved notes, 3 recipients each
      expect(rows.every((r) => r.status === "sent")).toBe(true);
      const ids = smtp.received.map((r) => `${r.mail.messageId} ${r.envelopeTo.join(",")}`);
      expect(ids).toHaveLength(24);
      expect(new Set(ids).size).toBe(24);
    });
  },
  ["postgres"],
);
