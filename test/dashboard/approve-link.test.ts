// One-tap approval links (issue 17 item 3): signed and expiring, opening one changes nothing, the confirm is a CSRF POST,
// another council's manager and a viewer are refused in words, the scope (one stick / every one of a model) is said,
// the approval is audited, and the unapproved-stick alert email carries the link.
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAudit } from "../../server/dashboard/audit.js";
import { type Clock, manualClock } from "../../server/clock.js";
import { renderEmail } from "../../server/alerts/format-email.js";
import { AlertContent } from "../../server/alerts/content.js";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { approveLinkSecret, checkApproveLink, signApproveLink } from "../../server/services/approve-link.js";
import { findCouncilById } from "../../server/stores/council-store.js";
import { Policy } from "../../shared/schemas/policy.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { FakeDevice } from "../collector/device.js";
import { BASE, cookiesOf, csrfOf, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";
import { usbFail } from "./usb-results.js";

// Identities as the agent reports them: a SanDisk Ultra Fit with a serial, and a real no-serial stick (LG FlashDrive,
// USB id 0ea0:2168, agent/checks/usb-storage/fixtures/linux/udevadm-all-lg-flashdrive-no-serial.txt).
const SANDISK = {
  vendorId: "0781",
  productId: "5583",
  serial: "4C530001230512113283",
  vendor: "SanDisk",
  model: "Ultra Fit",
};
const LG = { vendorId: "0ea0", productId: "2168", serial: null, vendor: "LG", model: "FlashDrive" };

const clock = manualClock("2026-11-25T09:00:00.000Z");
let env: TestEnv;
let councilId = "";
let deviceId = "";
let manager: Awaited<ReturnType<typeof readyUser>>;
const q = () => env.server.ctx.db.kysely;
const policy = async () => Policy.parse(JSON.parse((await findCouncilById(q(), councilId))!.policy_json));
const link = async (stick: typeof SANDISK | typeof LG) => {
  const secret = await approveLinkSecret(q(), clock.now());
  const claim = {
    c: councilId,
    d: deviceId,
    v: stick.vendorId,
    p: stick.productId,
    s: stick.serial,
    n: `${stick.vendor} ${stick.model}`,
  };
  return signApproveLink(secret, claim, clock.now());
};

beforeAll(async () => {
  env = await newEnv("sqlite", { clock: clock as Clock });
  const c = await councilWithToken(env);
  councilId = c.council.id;
  await setAlertSettings(q(), councilId, {
    recipients: { dsfm: ["dsfm@council.example"], it: [] },
    publicUrl: "https://ward.council.example",
  });
  deviceId = await enrolAndReport(env.server, c.token.token, new FakeDevice(), [usbFail(SANDISK, LG)], clock.now());
  manager = await readyUser(env.server, "dsfm@council.example", "council-manager", councilId);
});
afterAll(async () => env?.close());

it("signs a link that changes nothing when changed, and says when it has expired", async () => {
  const secret = await approveLinkSecret(q(), clock.now());
  const token = await link(SANDISK);
  expect(checkApproveLink(secret, token, clock.now())).toMatchObject({ state: "valid", claim: { s: SANDISK.serial } });
  const [payload, sig] = token.split(".");
  const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), s: null }));
  expect(checkApproveLink(secret, `${forged.toString("base64url")}.${sig}`, clock.now()).state).toBe("invalid");
  expect(checkApproveLink(secret, `${token}x`, clock.now()).state).toBe("invalid");
  expect(checkApproveLink(secret, token, new Date(clock.now().getTime() + 7 * 86_400_000 + 1000)).state).toBe(
    "expired",
  );
});

it("the alert email about the sticks carries one approve link per stick, with its scope in words", async () => {
  const row = await q()
    .selectFrom("alert_outbox")
    .select("content_json")
    .where("device_id", "=", deviceId)
    .executeTakeFirstOrThrow();
  const mail = renderEmail(AlertContent.parse(JSON.parse(row.content_json)), "dsfm", "ref");
  expect(mail.text).toMatch(
    /Approve this stick \(SanDisk Ultra Fit, serial 4C530001230512113283\) if it is the council's:\nhttps:\/\/ward\.council\.example\/dashboard\/approve\?t=/,
  );
  expect(mail.text).toMatch(
    /Approve every LG FlashDrive \(this model reports no serial[^\n]*:\nhttps:\/\/ward\.council\.example\/dashboard\/approve\?t=/,
  );
  expect(mail.html).toContain('<a href="https://ward.council.example/dashboard/approve?t=');
});

it("signed out: the link leads through the log-in and back to the confirm page, which changes nothing", async () => {
  const token = await link(SANDISK);
  const first = await env.server.app.inject({ method: "GET", url: `${BASE}/approve?t=${token}` });
  expect(first.statusCode).toBe(303);
  expect(first.headers.location).toBe(`${BASE}/login`);
  const ret = cookiesOf(first).ward_return;
  expect(ret).toBe(`${BASE}/approve?t=${token}`);
  // The log-in carries the remembered page through the browser's cookie jar: here, by hand.
  const cookie = await loginWithReturn(ret!);
  expect(cookie.location).toBe(`${BASE}/approve?t=${token}`);
  const confirm = await getPage(env.server, cookie.location, cookie.cookie);
  expect(confirm.statusCode).toBe(200);
  expect(confirm.body).toContain("This stick:");
  expect(confirm.body).toContain("SanDisk Ultra Fit, serial <code>4C530001230512113283</code>");
  expect((await policy()).approvedUsbDevices).toEqual([]);
});

async function loginWithReturn(ret: string): Promise<{ cookie: string; location: string }> {
  const first = await env.server.app.inject({ method: "GET", url: `${BASE}/login` });
  const jar = `ward_login_csrf=${cookiesOf(first).ward_login_csrf}; ward_return=${encodeURIComponent(ret)}`;
  const posted = await postForm(env.server, `${BASE}/login`, jar, {
    _csrf: csrfOf(first.body),
    email: manager.user.email,
    password: manager.password,
  });
  const session = `ward_session=${cookiesOf(posted).ward_session}; ward_return=${encodeURIComponent(ret)}`;
  const mfa = await getPage(env.server, `${BASE}/mfa`, session);
  const { totpCode } = await import("../../server/dashboard/auth/totp.js");
  const done = await postForm(env.server, `${BASE}/mfa`, session, {
    _csrf: csrfOf(mfa.body),
    code: totpCode(manager.totpSecret, clock.now()),
  });
  expect(done.statusCode).toBe(303);
  return { cookie: `ward_session=${cookiesOf(done).ward_session}`, location: String(done.headers.location) };
}

it("refuses another council's manager and a viewer in words, and an expired link points to the approvals page", async () => {
  const token = await link(SANDISK);
  const other = await councilWithToken(env);
  const stranger = await readyUser(env.server, "dsfm@other.example", "council-manager", other.council.id);
  const s = await sessionCookie(env.server, stranger.user.id);
  const refused = await getPage(env.server, `${BASE}/approve?t=${token}`, s.cookie);
  expect(refused.statusCode).toBe(403);
  expect(refused.body).toContain("for a laptop of a council you do not manage");
  const posted = await postForm(env.server, `${BASE}/approve`, s.cookie, { _csrf: s.csrf, t: token, reason: "x" });
  expect(posted.statusCode).toBe(403);
  const viewer = await readyUser(env.server, "viewer@council.example", "council-viewer", councilId);
  const v = await sessionCookie(env.server, viewer.user.id);
  const seen = await getPage(env.server, `${BASE}/approve?t=${token}`, v.cookie);
  expect(seen.statusCode).toBe(403);
  expect(seen.body).toContain("your role cannot approve USB sticks");
  clock.advance(8 * 86_400_000);
  try {
    const m = await sessionCookie(env.server, manager.user.id);
    const late = await getPage(env.server, `${BASE}/approve?t=${token}`, m.cookie);
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain("This approval link has expired");
    expect(late.body).toContain(`href="${BASE}/councils/${councilId}/approvals"`);
    const latePost = await postForm(env.server, `${BASE}/approve`, m.cookie, { _csrf: m.csrf, t: token, reason: "x" });
    expect(latePost.statusCode).toBe(410);
  } finally {
    clock.advance(-8 * 86_400_000);
  }
  expect((await policy()).approvedUsbDevices).toEqual([]);
});

it("the confirm is a POST with the session's CSRF token; it approves that one stick and the audit log records it", async () => {
  const token = await link(SANDISK);
  const m = await sessionCookie(env.server, manager.user.id);
  const forged = await postForm(env.server, `${BASE}/approve`, m.cookie, { t: token, reason: "x" });
  expect(forged.statusCode).toBe(403);
  expect((await policy()).approvedUsbDevices).toEqual([]);
  const ok = await postForm(env.server, `${BASE}/approve`, m.cookie, {
    _csrf: m.csrf,
    t: token,
    reason: "The clerk's minutes stick",
  });
  expect(ok.statusCode).toBe(303);
  expect(ok.headers.location).toBe(`${BASE}/devices/${deviceId}?done=usb-approved`);
  const p = await policy();
  expect(p.version).toBe(2);
  expect(p.approvedUsbDevices).toMatchObject([
    { vendorId: "0781", productId: "5583", serial: SANDISK.serial, approvedBy: manager.user.email },
  ]);
  const [entry] = await listAudit(q(), { councilId, actions: ["usb.approve"] });
  expect(entry).toMatchObject({ actor: manager.user.email, target: `0781:5583:${SANDISK.serial}` });
  expect(JSON.parse(entry!.detail_json)).toMatchObject({ reason: "The clerk's minutes stick", policyVersion: 2 });
  const device = await getPage(env.server, `${BASE}/devices/${deviceId}?done=usb-approved`, m.cookie);
  expect(device.body).toContain("Approved: policy version 2 issued");
  // The same link again: already done, says so, changes nothing.
  const again = await getPage(env.server, `${BASE}/approve?t=${token}`, m.cookie);
  expect(again.body).toContain("is already on the approved list");
});

it("a stick with no serial: the page says every one of the model is approved and the POST needs that ticked", async () => {
  const m = await sessionCookie(env.server, manager.user.id);
  const page = await getPage(env.server, `${BASE}/devices/${deviceId}`, m.cookie);
  const href = /href="(\/dashboard\/approve\?t=[^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, "&");
  expect(href).toBeDefined();
  const confirm = await getPage(env.server, href!, m.cookie);
  expect(confirm.body).toContain("Every LG FlashDrive");
  expect(confirm.body).toContain("This model reports no serial number");
  expect(confirm.body).toContain('value="Approved from the laptop&#39;s page"');
  const token = new URL(`http://x${href}`).searchParams.get("t")!;
  const unticked = await postForm(env.server, `${BASE}/approve`, m.cookie, { _csrf: m.csrf, t: token, reason: "x" });
  expect(unticked.statusCode).toBe(400);
  expect(unticked.body).toContain("approves every LG FlashDrive");
  const ticked = await postForm(env.server, `${BASE}/approve`, m.cookie, {
    _csrf: m.csrf,
    t: token,
    reason: "Minutes stick",
    everyOfModel: "1",
  });
  expect(ticked.statusCode).toBe(303);
  expect((await policy()).approvedUsbDevices.map((a) => a.serial)).toEqual([SANDISK.serial, null]);
});

it("only the canonical spelling of the signature is accepted (not with '!' or '==' added, nor in standard base64)", async () => {
  const secret = await approveLinkSecret(q(), clock.now());
  const token = await link(SANDISK);
  const [payload, sig] = token.split(".") as [string, string];
  expect(checkApproveLink(secret, token, clock.now()).state).toBe("valid");
  const standard = Buffer.from(sig, "base64url").toString("base64");
  expect(standard).not.toBe(sig);
  for (const variant of [
    `${token}!`,
    `${token}==`,
    `${payload}.${standard}`,
    `${payload}.${sig.slice(0, 9)}!${sig.slice(9)}`,
  ]) {
    expect(checkApproveLink(secret, variant, clock.now()).state, variant).toBe("invalid");
  }
});
