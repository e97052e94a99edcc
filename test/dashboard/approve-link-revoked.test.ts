// Red-team finding (approve link replayed after a revoke): a one-tap link made before a stick's approval was withdrawn
// must not put the stick back; GET and POST both refuse in words (who withdrew it, when) and nothing is written.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Clock, manualClock } from "../../server/clock.js";
import { listAudit } from "../../server/dashboard/audit.js";
import { approveLinkSecret, signApproveLink } from "../../server/services/approve-link.js";
import { findCouncilById } from "../../server/stores/council-store.js";
import { Policy } from "../../shared/schemas/policy.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

// A SanDisk Ultra Fit as the agent reports it (the identity used across the approve-link tests).
const STICK = { v: "0781", p: "5583", s: "4C530001230512113283", n: "SanDisk Ultra Fit" };
const clock = manualClock("2026-11-25T09:00:00.000Z");
let env: TestEnv;
let councilId = "";
let deviceId = "";
const q = () => env.server.ctx.db.kysely;
const policy = async () => Policy.parse(JSON.parse((await findCouncilById(q(), councilId))!.policy_json));

beforeAll(async () => {
  env = await newEnv("sqlite", { clock: clock as Clock });
  const c = await councilWithToken(env);
  councilId = c.council.id;
  deviceId = await enrolAndReport(env.server, c.token.token, new FakeDevice(), [
    checkResult("disk-encryption", "pass"),
  ]);
});
afterAll(async () => env?.close());

it("a link made before the provider withdrew the stick's approval is refused on GET and POST, in words", async () => {
  const secret = await approveLinkSecret(q(), clock.now());
  const token = signApproveLink(secret, { c: councilId, d: deviceId, ...STICK }, clock.now());
  const dsfm = await readyUser(env.server, "dsfm@council.example", "council-manager", councilId);
  const m = await sessionCookie(env.server, dsfm.user.id);
  const ok = await postForm(env.server, `${BASE}/approve`, m.cookie, { _csrf: m.csrf, t: token, reason: "first" });
  expect(ok.statusCode).toBe(303);
  expect((await policy()).approvedUsbDevices).toHaveLength(1);

  clock.advance(3_600_000);
  const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
  const a = await sessionCookie(env.server, admin.user.id);
  const revoke = await postForm(env.server, `${BASE}/councils/${councilId}/approvals/revoke`, a.cookie, {
    _csrf: a.csrf,
    vendorId: STICK.v,
    productId: STICK.p,
    serial: STICK.s,
    reason: "stick lost",
  });
  expect(revoke.statusCode).toBe(303);
  const after = await policy();
  expect(after.approvedUsbDevices).toEqual([]);

  clock.advance(3 * 86_400_000);
  try {
    const m2 = await sessionCookie(env.server, dsfm.user.id);
    const page = await getPage(env.server, `${BASE}/approve?t=${token}`, m2.cookie);
    expect(page.statusCode).toBe(409);
    expect(page.body).not.toContain("Approve this stick");
    expect(page.body).toMatch(
      /its approval was withdrawn on <time[^>]*>2026-11-25 10:00 UTC<\/time> by admin@provider\.example/,
    );
    expect(page.body).toContain(`href="${BASE}/councils/${councilId}/approvals"`);
    const again = await postForm(env.server, `${BASE}/approve`, m2.cookie, { _csrf: m2.csrf, t: token, reason: "x" });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("its approval was withdrawn");
    const now = await policy();
    expect(now.approvedUsbDevices).toEqual([]);
    expect(now.version).toBe(after.version);
    expect(await listAudit(q(), { councilId, actions: ["usb.approve"] })).toHaveLength(1);

    // A link made after the withdrawal (a new alert email) still works: the refusal is about the old link only.
    const fresh = signApproveLink(secret, { c: councilId, d: deviceId, ...STICK }, clock.now());
    const confirm = await getPage(env.server, `${BASE}/approve?t=${fresh}`, m2.cookie);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Approve this stick");
  } finally {
    clock.advance(-3 * 86_400_000);
  }
});

it("the withdrawal of one stick does not block a link for another stick of the same model", async () => {
  const secret = await approveLinkSecret(q(), clock.now());
  const other = { ...STICK, s: "OTHER-SERIAL-1" };
  const token = signApproveLink(secret, { c: councilId, d: deviceId, ...other }, clock.now());
  const dsfm = await readyUser(env.server, "dsfm2@council.example", "council-manager", councilId);
  const m = await sessionCookie(env.server, dsfm.user.id);
  const page = await getPage(env.server, `${BASE}/approve?t=${token}`, m.cookie);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain("Approve this stick");
});

it("a withdrawal in the same second the link was made counts as after it (the link's time is known to the second)", async () => {
  const secret = await approveLinkSecret(q(), clock.now());
  const stick = { ...STICK, s: "SAME-SECOND-1" };
  const dsfm = await readyUser(env.server, "dsfm3@council.example", "council-manager", councilId);
  const m = await sessionCookie(env.server, dsfm.user.id);
  const first = signApproveLink(secret, { c: councilId, d: deviceId, ...stick }, clock.now());
  const ok = await postForm(env.server, `${BASE}/approve`, m.cookie, { _csrf: m.csrf, t: first, reason: "x" });
  expect(ok.statusCode).toBe(303);
  // The red team's case: link and withdrawal at the same instant on the collector's clock.
  const token = signApproveLink(secret, { c: councilId, d: deviceId, ...stick }, clock.now());
  const admin = await readyUser(env.server, "admin3@provider.example", "provider-admin");
  const a = await sessionCookie(env.server, admin.user.id);
  const revoke = await postForm(env.server, `${BASE}/councils/${councilId}/approvals/revoke`, a.cookie, {
    _csrf: a.csrf,
    vendorId: stick.v,
    productId: stick.p,
    serial: stick.s,
    reason: "stick lost",
  });
  expect(revoke.statusCode).toBe(303);
  const page = await getPage(env.server, `${BASE}/approve?t=${token}`, m.cookie);
  expect(page.statusCode).toBe(409);
  expect(page.body).toContain("its approval was withdrawn");
});
