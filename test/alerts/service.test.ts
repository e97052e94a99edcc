// The alerts service: start and stop are idempotent and bounded; a failed send logs no SMTP password.
import { afterEach, expect, it } from "vitest";
import { createAlerts } from "../../server/alerts/index.js";
import { memoryLogger } from "../../shared/logger.js";
import { describeDialects } from "../collector/harness.js";
import { type AlertTest, alertTest, result, TEST_SENDER } from "./alert-env.js";
import { startSmtpSink } from "./smtp-sink.js";

describeDialects(
  "alerts service",
  (dialect) => {
    let t: AlertTest | undefined;
    afterEach(async () => t?.close());

    it("starts once, stops twice without error, and logs a failed send without the SMTP password", async () => {
      const smtp = await startSmtpSink();
      const url = `smtp://ward:Tr0ub4dor-secret@127.0.0.1:${smtp.port}`;
      await smtp.close(); // nothing listens there now
      t = await alertTest(dialect, {
        smtpUrl: url,
        from: "ward@council.example",
        recipients: { it: ["it@provider.example"] },
      });
      await t.full(result("hotspot", "fail"));
      const log = memoryLogger();
      const alerts = createAlerts({ ...t.env.server.ctx, logger: log }, TEST_SENDER);
      alerts.start();
      alerts.start();
      const started = Date.now();
      await alerts.stop();
      await alerts.stop();
      expect(Date.now() - started).toBeLessThan(6_000);
      alerts.start(); // stopped for good: no new loop
      await alerts.tick();
      const [row] = await t.outbox();
      expect(row?.attempts).toBeGreaterThanOrEqual(1);
      expect(row?.status).toBe("pending");
      const logged = JSON.stringify(log.lines);
      expect(logged).toContain("alert not delivered; will retry");
      expect(logged).not.toContain("Tr0ub4dor-secret");
      expect(JSON.stringify(row)).not.toContain("Tr0ub4dor-secret");
    });
  },
  ["sqlite"],
);
