// The alert emails as received (real SMTP server): no double full stops, no "Resolved: …: resolved", a clause-less
// alert names the council's policy in one clause (issue 17 item 6).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type AlertTest, alertTest, result } from "./alert-env.js";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.js";

let smtp: SmtpSink;
let t: AlertTest | undefined;
beforeEach(async () => {
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await t?.close();
  await smtp.close();
});

/** Two full stops in a row that are not an ellipsis. */
const DOUBLE_STOP = /(^|[^.])\.\.(?!\.)/m;

it("an alert and its resolved note read cleanly in both roles, as received", async () => {
  t = await alertTest("sqlite", {
    smtpUrl: smtp.url,
    from: "ward@council.example",
    publicUrl: "https://ward.example.org/",
    recipients: { dsfm: ["dsfm@wellington.example"], it: ["support@itprovider.example"] },
  });
  const fail = result("disk-encryption", "fail", { summary: "BitLocker is off on C:." });
  await t.full(fail);
  t.clock.advance(15 * 60_000);
  await t.full(fail);
  await t.alerts.tick();
  t.clock.advance(15 * 60_000);
  await t.full(result("disk-encryption", "pass", { summary: "BitLocker protects C:." }));
  await t.alerts.tick();
  expect(smtp.received).toHaveLength(4);
  // Kept as received, for a person to read (test-artifacts/emails/).
  const dir = join(process.cwd(), "test-artifacts", "emails");
  mkdirSync(dir, { recursive: true });
  for (const [i, r] of smtp.received.entries()) {
    writeFileSync(join(dir, `words-${i}-${r.envelopeTo[0]}.txt`), `Subject: ${r.mail.subject}\n\n${r.mail.text}`);
    writeFileSync(join(dir, `words-${i}-${r.envelopeTo[0]}.html`), r.mail.html);
  }
  for (const r of smtp.received) {
    expect(r.mail.text).not.toMatch(DOUBLE_STOP);
    expect(r.mail.subject).not.toMatch(DOUBLE_STOP);
    expect(r.mail.html).not.toMatch(DOUBLE_STOP);
  }
  const alert = smtp.received[0]!.mail;
  expect(alert.text).toContain(`This breaks ${t.councilName}'s IT policy.`);
  expect(alert.text).not.toContain("your council's IT policy (");
  const resolved = smtp.received.slice(2).map((r) => r.mail);
  for (const m of resolved) {
    expect(m.subject.match(/resolved/gi)).toHaveLength(1);
    expect(m.subject).toContain("Resolved: Disk encryption meets the policy again");
    expect(m.text).toContain('On the laptop "clerk-laptop": BitLocker protects C:.\n');
  }
});
