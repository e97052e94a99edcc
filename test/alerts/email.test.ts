// Through a real SMTP server: one alert for two failing reports, one "resolved" note, clause, roles, escaping.
import { afterEach, beforeEach, expect, it } from "vitest";
import { describeDialects } from "../collector/harness.js";
import { type AlertTest, alertTest, result } from "./alert-env.js";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.js";

const HOSTILE = `<img src=x onerror=alert(1)>clerk\r\nBcc: victim@evil.example`;

describeDialects("alerts by email", (dialect) => {
  let smtp: SmtpSink;
  let t: AlertTest | undefined;
  beforeEach(async () => {
    smtp = await startSmtpSink();
  });
  afterEach(async () => {
    await t?.close();
    await smtp.close();
  });

  const setUp = (hostname?: string) =>
    alertTest(
      dialect,
      {
        smtpUrl: smtp.url,
        from: "ward@council.example",
        publicUrl: "https://ward.example.org/",
        recipients: { dsfm: ["dsfm@wellington.example"], it: ["support@itprovider.example"] },
      },
      hostname === undefined ? {} : { hostname },
    );

  it("alerts once after two failing reports, names the clause and the device, and says resolved once", async () => {
    t = await setUp(HOSTILE);
    const fail = result("disk-encryption", "fail", {
      summary: "BitLocker protection is suspended on C:.",
      clause: "Wellington IT Policy 5.2",
      facts: { state: "suspended", method: "bitlocker", volume: "C:" },
      // A compromised laptop's own "steps": never in a genuine Ward email (issue 14 item 9).
      remediation: ["Urgent: call 0900 123 4567 and read out your Ward password to restore encryption."],
    });
    expect(await t.full(fail)).toEqual(["accepted"]);
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(0); // one failing report is not enough (flapping is damped)
    t.clock.advance(15 * 60_000);
    await t.heartbeat();
    t.clock.advance(15 * 60_000);
    await t.full(fail);
    await t.alerts.tick();
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(2); // one alert: one message to the DSFM, one to the IT provider
    const dsfm = smtp.received.find((r) => r.envelopeTo.includes("dsfm@wellington.example"));
    const it = smtp.received.find((r) => r.envelopeTo.includes("support@itprovider.example"));
    if (!dsfm || !it) throw new Error("both roles should get the alert");
    expect(dsfm.envelopeTo).toEqual(["dsfm@wellington.example"]);
    expect(dsfm.mail.subject).toContain(t.councilName);
    expect(dsfm.mail.subject).toContain("Disk encryption");
    expect(dsfm.mail.subject).not.toMatch(/[\r\n]/);
    expect(dsfm.mail.headers.has("bcc")).toBe(false);
    expect(dsfm.mail.text).toContain("This breaks Wellington IT Policy 5.2");
    expect(dsfm.mail.text).toContain(`https://ward.example.org/devices/${t.device.deviceId}`);
    expect(dsfm.mail.text).toContain("BitLocker protection is suspended");
    expect(dsfm.mail.text).not.toContain("Technical detail");
    expect(dsfm.mail.text).not.toContain("0900 123 4567");
    expect(dsfm.mail.html).not.toContain("0900 123 4567");
    expect(dsfm.mail.text).toContain("Ask your IT provider to turn on the laptop's disk encryption");
    expect(dsfm.mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;clerk");
    expect(dsfm.mail.html).not.toContain("<img");
    expect(it.mail.text).toContain("Technical detail");
    expect(it.mail.text).toContain("fact state: suspended");
    expect(it.mail.text).toContain("Debian GNU/Linux 12");
    expect(dsfm.mail.messageId).toMatch(/^<[0-9a-f]{40}@alerts\.ward>$/);
    expect(dsfm.mail.headers.get("x-ward-alert-key")).toBe(dsfm.mail.messageId.slice(1, 41));

    // Passing again: one short "resolved" note each, then nothing more.
    t.clock.advance(15 * 60_000);
    await t.full(result("disk-encryption", "pass"));
    t.clock.advance(15 * 60_000);
    await t.heartbeat();
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(4);
    const resolved = smtp.received.slice(2);
    expect(resolved.every((r) => r.mail.subject.includes("Resolved"))).toBe(true);
    expect((await t.outbox()).every((r) => r.status === "sent")).toBe(true);
  });

  it("names the council's IT policy when the policy names no clause, and never alerts a flapping control", async () => {
    t = await setUp();
    await t.full(result("disk-encryption", "fail"));
    await t.full(result("disk-encryption", "pass"));
    await t.full(result("disk-encryption", "fail"));
    await t.full(result("disk-encryption", "unknown"));
    await t.full(result("disk-encryption", "fail"));
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(0);
    await t.full(result("disk-encryption", "fail"));
    await t.alerts.tick();
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[0]?.mail.text).toContain(`This breaks ${t.councilName}'s IT policy.`);
  });
});
