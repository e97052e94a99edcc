// Red-team finding (audit words for a stick's serial): the audit target `vendor:product:serial` uses "*" for every
// serial, so a stick whose serial is "*" read as "any serial" and "REAL:*" as "serial REAL". The entry's detail now
// records the serial and the words come from it; older entries (no serial in the detail) still read from the target.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AuditRow, listAudit } from "../../server/dashboard/audit.js";
import { targetWords } from "../../server/dashboard/audit-words.js";
import { approvalLine } from "../../server/dashboard/pages/report-words.js";
import { approveLinkSecret, signApproveLink } from "../../server/services/approve-link.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

let env: TestEnv;
let councilId = "";
let deviceId = "";
const q = () => env.server.ctx.db.kysely;
const text = (h: { text: string } | string) => (typeof h === "string" ? h : h.text).replace(/<[^>]+>/g, "");

beforeAll(async () => {
  env = await newEnv("sqlite");
  const c = await councilWithToken(env);
  councilId = c.council.id;
  deviceId = await enrolAndReport(env.server, c.token.token, new FakeDevice(), [
    checkResult("disk-encryption", "pass"),
  ]);
});
afterAll(async () => env?.close());

it("a stick whose serial is '*' or 'REAL:*' is named by that serial in the audit log, not as 'any serial'", async () => {
  const dsfm = await readyUser(env.server, "dsfm@council.example", "council-manager", councilId);
  const m = await sessionCookie(env.server, dsfm.user.id);
  const secret = await approveLinkSecret(q(), env.server.ctx.clock.now());
  for (const s of ["*", "REAL:*"]) {
    const t = signApproveLink(
      secret,
      { c: councilId, d: deviceId, v: "0781", p: "5583", s, n: "SanDisk Ultra Fit" },
      env.server.ctx.clock.now(),
    );
    const r = await postForm(env.server, `${BASE}/approve`, m.cookie, { _csrf: m.csrf, t, reason: "minutes" });
    expect(r.statusCode).toBe(303);
  }
  const entries = await listAudit(q(), { councilId, actions: ["usb.approve"] });
  expect(entries.map((e) => JSON.parse(e.detail_json).serial).sort()).toEqual(["*", "REAL:*"]);

  const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
  const a = await sessionCookie(env.server, admin.user.id);
  // The provider withdraws the "*" one from the approvals page: that entry records the serial too.
  const revoke = await postForm(env.server, `${BASE}/councils/${councilId}/approvals/revoke`, a.cookie, {
    _csrf: a.csrf,
    vendorId: "0781",
    productId: "5583",
    serial: "*",
    reason: "lost",
  });
  expect(revoke.statusCode).toBe(303);
  const [withdrawn] = await listAudit(q(), { councilId, actions: ["usb.revoke"] });
  expect(JSON.parse(withdrawn!.detail_json)).toMatchObject({ serial: "*" });

  const page = await getPage(env.server, `${BASE}/audit`, a.cookie);
  const words = [...page.body.matchAll(/USB stick “[\s\S]{0,160}?\)/g)].map((x) => text(x[0]));
  expect(words).toEqual(
    expect.arrayContaining([
      "USB stick “SanDisk Ultra Fit” (0781:5583, serial *)",
      "USB stick “SanDisk Ultra Fit” (0781:5583, serial REAL:*)",
    ]),
  );
  expect(words.filter((w) => w.includes("serial *"))).toHaveLength(2);
  expect(page.body).not.toContain("any serial");
  expect(page.body).not.toMatch(/serial REAL\)/);
  // The printed report's line: a recorded "*" is one stick, never "every stick of this model".
  for (const e of entries) expect(text(approvalLine(e))).not.toContain("every stick of this model");
});

it("entries written before the serial was recorded still read from the target", () => {
  const row = (target: string, detail: Record<string, unknown>): AuditRow => ({
    id: "aud_x",
    at: "2026-11-25T09:00:00.000Z",
    user_id: null,
    actor: "dsfm@council.example",
    council_id: null,
    action: "usb.approve",
    target,
    detail_json: JSON.stringify(detail),
    ip: "127.0.0.1",
  });
  const names = { devices: new Map(), councils: new Map() };
  expect(text(targetWords(row("0ea0:2168:*", { label: "LG FlashDrive" }), names))).toBe(
    "USB stick “LG FlashDrive” (0ea0:2168, any serial)",
  );
  expect(text(targetWords(row("0781:5583:4C53", {}), names))).toBe("USB stick (0781:5583, serial 4C53)");
  expect(text(targetWords(row("0ea0:2168:*", { serial: null }), names))).toBe("USB stick (0ea0:2168, any serial)");
  expect(text(approvalLine(row("0ea0:2168:*", { label: "LG FlashDrive" })))).toContain(
    "every stick of this model (it has no serial number)",
  );
});
