// The alerts page (issue 17 item 5): each alert's subject and text as sent, the next email and the weekly digest,
// rendered by the sender's own code, device text escaped; no command-line hint for a council's own people.
import { afterEach, expect, it } from "vitest";
import { AlertContent } from "../../server/alerts/content.js";
import { renderEmail } from "../../server/alerts/format-email.js";
import { escapeHtml } from "../../server/dashboard/html.js";
import { type AlertTest, alertTest, result } from "../alerts/alert-env.js";
import { BASE, getPage, postForm, readyUser, sessionCookie } from "./support.js";

const HOSTILE = "<b>clerk</b>";
let t: AlertTest | undefined;
afterEach(async () => t?.close());

it("shows what was sent and what will be sent, as the recipient reads it", async () => {
  t = await alertTest("sqlite", { recipients: { dsfm: ["dsfm@council.example"], it: [] } }, { hostname: HOSTILE });
  const fail = result("disk-encryption", "fail", { summary: "BitLocker is off on C:." });
  await t.full(fail);
  t.clock.advance(15 * 60_000);
  await t.full(fail);
  await t.alerts.tick(); // no mail server: the row waits, with the sender's reason
  const [row] = await t.outbox();
  expect(row?.status).toBe("pending");
  expect(row?.last_error).toMatch(/no SMTP server/);
  const sent = renderEmail(AlertContent.parse(JSON.parse(row!.content_json)), "dsfm", row!.idempotency_key);

  const dsfm = await readyUser(t.env.server, "dsfm@council.example", "council-manager", t.councilId);
  const { cookie } = await sessionCookie(t.env.server, dsfm.user.id);
  const page = await getPage(t.env.server, `${BASE}/councils/${t.councilId}/alerts`, cookie);
  expect(page.statusCode).toBe(200);
  const body = page.body;
  // The subject and the whole text exactly as the email carries them (escaped for the page).
  expect(body).toContain(escapeHtml(sent.subject));
  expect(body).toContain(escapeHtml(sent.text));
  expect(body).toContain("On the laptop &quot;&lt;b&gt;clerk&lt;/b&gt;&quot;: BitLocker is off on C:.");
  expect(body).not.toContain("<b>clerk</b>");
  expect(body).toContain("Waiting to be sent");
  expect(body).toContain("no mail server is set up for this council yet (your IT provider sets it up)");
  // No rule ids and no command line for the council's own people.
  expect(body).not.toContain("disk-encryption (alert)");
  expect(body).not.toContain("ward-server");
  expect(body).not.toContain("--smtp-url");
  expect(body).toContain("A laptop stops reporting");
  // The next email, in full; the weekly digest as it would read now.
  const next = /<h2 id="next-email">[\s\S]*?<h2/.exec(body)?.[0] ?? "";
  expect(next).toContain(escapeHtml(`Subject: ${sent.subject}`));
  const digest = /<h2 id="digest">[\s\S]*?<h2/.exec(body)?.[0] ?? "";
  expect(digest).toContain("Sent every Monday at 08:00 UTC");
  expect(digest).toContain("Weekly summary: 0 of 1 laptops fully compliant");
  expect(digest).toContain("&lt;b&gt;clerk&lt;/b&gt;: disk encryption failing since");

  // The IT provider sees where the mail server is set.
  const admin = await readyUser(t.env.server, "admin@provider.example", "provider-admin");
  const provider = await getPage(
    t.env.server,
    `${BASE}/councils/${t.councilId}/alerts`,
    (await sessionCookie(t.env.server, admin.user.id)).cookie,
  );
  expect(provider.body).toContain("alerts set --council");
});

it("a recipient that is not an email address brings the settings back as typed, with what to change", async () => {
  t = await alertTest("sqlite", { recipients: { dsfm: ["dsfm@council.example"], it: [] } });
  const dsfm = await readyUser(t.env.server, "dsfm@council.example", "council-manager", t.councilId);
  const { cookie, csrf } = await sessionCookie(t.env.server, dsfm.user.id);
  const url = `${BASE}/councils/${t.councilId}/alerts`;
  const res = await postForm(t.env.server, url, cookie, {
    _csrf: csrf,
    enabled: "1",
    dsfm: "clerk@council.example\nthe deputy clerk",
    it: "",
    silenceHours: "96",
    confirmReports: "2",
    screenLockGraceHours: "24",
  });
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain("Nothing was saved: DSFM recipients: &quot;the&quot; is not an email address.");
  expect(res.body).toContain(">clerk@council.example\nthe deputy clerk</textarea>");
  expect(res.body).toContain('value="96"');
  expect(res.body).not.toContain("Error 400");
  // Nothing was saved.
  const again = await getPage(t.env.server, url, cookie);
  expect(again.body).toContain(">dsfm@council.example</textarea>");
});
