// A council role never sees another council's data, whatever URL it types; hostile device text renders as text.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import { Policy } from "../../shared/schemas/policy.js";
import { getAlertSettings, setAlertSettings } from "../../server/alerts/settings-store.js";
import { listAudit } from "../../server/dashboard/audit.js";
import { findCouncil } from "../../server/stores/council-store.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

const XSS_HOST = "<img src=x onerror=alert(1)>";
const XSS_USB = "<script>alert(1)</script>";

function usbFail(model: string): CheckResult {
  const at = "2026-11-20T08:00:00.000Z";
  const device = {
    vendorId: "0781",
    productId: "5581",
    serial: "4C530001",
    vendor: "SanDisk",
    model,
    sizeBytes: null,
    sizeText: null,
    source: "live",
    notes: [],
    key: "0781:5581:4C530001",
    firstSeen: at,
    lastSeen: at,
  };
  return {
    control: "usb-storage",
    status: "fail",
    summary: `A USB storage device that the council has not approved was used: SanDisk ${model}.`,
    facts: {
      os: "linux",
      listedNow: true,
      problems: [],
      attachedNow: [device.key],
      devices: [device],
      otherRemovable: [],
      historyKnown: null,
    },
    remediation: ["Ask the DSFM to approve it."],
    clause: null,
    probeErrors: [],
  };
}

describeDialects("dashboard tenancy and escaping", (dialect) => {
  let env: TestEnv;
  let a: Awaited<ReturnType<typeof councilWithToken>>;
  let b: Awaited<ReturnType<typeof councilWithToken>>;
  let devA = "";
  let devB = "";
  const hostile = new FakeDevice();
  const other = new FakeDevice();
  let manager: { cookie: string; csrf: string };
  let viewer: { cookie: string; csrf: string };

  beforeAll(async () => {
    env = await newEnv(dialect);
    a = await councilWithToken(env);
    b = await councilWithToken(env);
    hostile.inventory.hostname = XSS_HOST;
    devA = await enrolAndReport(env.server, a.token.token, hostile, [
      checkResult("disk-encryption", "pass"),
      usbFail(XSS_USB),
    ]);
    devB = await enrolAndReport(env.server, b.token.token, other, [checkResult("disk-encryption", "fail")]);
    const m = await readyUser(env.server, "dsfm@a.example", "council-manager", a.council.id);
    const v = await readyUser(env.server, "viewer@a.example", "council-viewer", a.council.id);
    manager = await sessionCookie(env.server, m.user.id);
    viewer = await sessionCookie(env.server, v.user.id);
  });
  afterAll(async () => env?.close());

  it("answers 404 to a council manager on every page, export and API route of another council", async () => {
    const urls = [
      `${BASE}/councils/${b.council.id}`,
      `${BASE}/councils/${encodeURIComponent(b.council.name)}`,
      `${BASE}/devices/${devB}`,
      `${BASE}/councils/${b.council.id}/report`,
      `${BASE}/councils/${b.council.id}/export.csv`,
      `${BASE}/councils/${b.council.id}/approvals`,
      `${BASE}/councils/${b.council.id}/waivers`,
      `${BASE}/councils/${b.council.id}/alerts`,
      `${BASE}/api/councils/${b.council.id}/devices`,
      `${BASE}/api/devices/${devB}`,
    ];
    for (const url of urls) {
      const res = await getPage(env.server, url, manager.cookie);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain(b.council.name);
    }
    const posts: [string, Record<string, string>][] = [
      [
        `${BASE}/councils/${b.council.id}/approvals`,
        { vendorId: "0781", productId: "5581", serial: "X", label: "x", reason: "x" },
      ],
      [`${BASE}/devices/${devB}/waivers`, { control: "disk-encryption", reason: "x", expires: "2026-12-31" }],
      [`${BASE}/devices/${devB}/asset`, { asset_number: "X", assigned_user: "x", location: "x" }],
      [`${BASE}/councils/${b.council.id}/alerts`, { enabled: "1" }],
    ];
    for (const [url, fields] of posts) {
      expect(
        (await postForm(env.server, url, manager.cookie, { ...fields, _csrf: manager.csrf })).statusCode,
        url,
      ).toBe(404);
    }
    const policyB = Policy.parse(JSON.parse((await findCouncil(env.server.ctx.db.kysely, b.council.id))!.policy_json));
    expect(policyB.version).toBe(1);
    const api = await getPage(env.server, `${BASE}/api/overview`, manager.cookie);
    expect((JSON.parse(api.body) as { councils: { id: string }[] }).councils.map((c) => c.id)).toEqual([a.council.id]);
  });

  it("keeps provider-only pages from council roles, and changes from viewers", async () => {
    expect((await getPage(env.server, `${BASE}/tokens`, manager.cookie)).statusCode).toBe(403);
    expect((await getPage(env.server, `${BASE}/users`, manager.cookie)).statusCode).toBe(403);
    expect((await getPage(env.server, `${BASE}/audit`, viewer.cookie)).statusCode).toBe(403);
    const w = await postForm(env.server, `${BASE}/devices/${devA}/waivers`, viewer.cookie, {
      _csrf: viewer.csrf,
      control: "usb-storage",
      reason: "x",
      expires: "2099-01-01",
    });
    expect(w.statusCode).toBe(403);
    expect((await getPage(env.server, `${BASE}/devices/${devA}`, viewer.cookie)).statusCode).toBe(200);
  });

  it("renders a hostile hostname and USB model as text on every page", async () => {
    const pages = [
      `${BASE}/councils/${a.council.id}`,
      `${BASE}/devices/${devA}`,
      `${BASE}/councils/${a.council.id}/approvals`,
      `${BASE}/councils/${a.council.id}/report`,
    ];
    for (const url of pages) {
      const res = await getPage(env.server, url, manager.cookie);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain("<img src=x");
      expect(res.body, url).not.toContain("<script>alert");
    }
    const device = await getPage(env.server, `${BASE}/devices/${devA}`, manager.cookie);
    expect(device.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(device.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const approvals = await getPage(env.server, `${BASE}/councils/${a.council.id}/approvals`, manager.cookie);
    expect(approvals.body).toContain("SanDisk &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("approving a USB device issues a new policy version that names it, and is audited with the reason", async () => {
    const res = await postForm(env.server, `${BASE}/councils/${a.council.id}/approvals`, manager.cookie, {
      _csrf: manager.csrf,
      vendorId: "0781",
      productId: "5581",
      serial: "4C530001",
      label: `SanDisk ${XSS_USB}`,
      reason: "Minutes backup stick",
    });
    expect(res.statusCode).toBe(303);
    const policy = Policy.parse(JSON.parse((await findCouncil(env.server.ctx.db.kysely, a.council.id))!.policy_json));
    expect(policy.version).toBe(2);
    expect(policy.approvedUsbDevices).toEqual([
      expect.objectContaining({
        vendorId: "0781",
        productId: "5581",
        serial: "4C530001",
        approvedBy: "dsfm@a.example",
      }),
    ]);
    const [entry] = await listAudit(env.server.ctx.db.kysely, { actions: ["usb.approve"] });
    expect(entry).toMatchObject({ actor: "dsfm@a.example", council_id: a.council.id });
    expect(JSON.parse(entry!.detail_json)).toMatchObject({ reason: "Minutes backup stick", policyVersion: 2 });
    const again = await postForm(env.server, `${BASE}/councils/${a.council.id}/approvals`, manager.cookie, {
      _csrf: manager.csrf,
      vendorId: "0781",
      productId: "5581",
      serial: "4c530001",
      label: "x",
      reason: "x",
    });
    expect(again.statusCode).toBe(409);
    const page = await getPage(env.server, `${BASE}/councils/${a.council.id}/approvals`, manager.cookie);
    expect(page.body).toContain("✔ Approved");
    const revoked = await postForm(env.server, `${BASE}/councils/${a.council.id}/approvals/revoke`, manager.cookie, {
      _csrf: manager.csrf,
      vendorId: "0781",
      productId: "5581",
      serial: "4C530001",
      reason: "Stick lost",
    });
    expect(revoked.statusCode).toBe(303);
    const after = Policy.parse(JSON.parse((await findCouncil(env.server.ctx.db.kysely, a.council.id))!.policy_json));
    expect(after).toMatchObject({ version: 3, approvedUsbDevices: [] });
  });

  it("requires a waiver's reason and a future expiry within a year, then shows the control as waived", async () => {
    const post = (fields: Record<string, string>) =>
      postForm(env.server, `${BASE}/devices/${devA}/waivers`, manager.cookie, {
        _csrf: manager.csrf,
        control: "usb-storage",
        ...fields,
      });
    expect((await post({ reason: "Needed for the audit", expires: "" })).statusCode).toBe(400);
    expect((await post({ reason: "Needed for the audit", expires: "2020-01-01" })).statusCode).toBe(400);
    expect((await post({ reason: "Needed for the audit", expires: "2099-01-01" })).statusCode).toBe(400);
    expect((await post({ reason: "", expires: "2026-12-31" })).statusCode).toBe(400);
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect((await post({ reason: "Needed for the audit", expires: soon })).statusCode).toBe(303);
    const council = await getPage(env.server, `${BASE}/councils/${a.council.id}?filter=waived`, manager.cookie);
    expect(council.body).toContain("Waived");
    expect(council.body).toContain("1 device;");
    const waivers = await getPage(env.server, `${BASE}/councils/${a.council.id}/waivers`, manager.cookie);
    expect(waivers.body).toContain("Needed for the audit");
  });

  it("exports CSV with formula-safe cells, and audits the export and asset edits", async () => {
    const edit = await postForm(env.server, `${BASE}/devices/${devA}/asset`, manager.cookie, {
      _csrf: manager.csrf,
      asset_number: "=WTC-0042",
      assigned_user: "Clerk",
      location: "Town hall",
    });
    expect(edit.statusCode).toBe(303);
    const csv = await getPage(env.server, `${BASE}/councils/${a.council.id}/export.csv`, manager.cookie);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain(`"'=WTC-0042"`);
    expect(csv.body).toContain(`"${XSS_HOST}"`);
    const actions = (await listAudit(env.server.ctx.db.kysely, { councilId: a.council.id })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["asset.edit", "export.csv", "waiver.add"]));
  });

  it("shows a gap in the report chain and lets the manager acknowledge it, only in their own council", async () => {
    const gapIn = async (device: FakeDevice) => {
      device.lose(2);
      const res = await env.server.app.inject({
        method: "POST",
        url: "/v1/reports",
        payload: { deviceId: device.deviceId, envelopes: [device.full()] },
      });
      expect(res.statusCode).toBe(200);
      return env.server.ctx.db.kysely
        .selectFrom("integrity_events")
        .selectAll()
        .where("device_id", "=", device.deviceId)
        .executeTakeFirstOrThrow();
    };
    const mine = await gapIn(hostile);
    const theirs = await gapIn(other);
    const before = await getPage(env.server, `${BASE}/devices/${devA}`, manager.cookie);
    expect(before.body).toContain("Problems found");
    expect(before.body).toContain("(⚠ open)");
    expect(
      (await postForm(env.server, `${BASE}/events/${theirs.id}/acknowledge`, manager.cookie, { _csrf: manager.csrf }))
        .statusCode,
    ).toBe(404);
    expect(
      (await postForm(env.server, `${BASE}/events/${mine.id}/acknowledge`, viewer.cookie, { _csrf: viewer.csrf }))
        .statusCode,
    ).toBe(403);
    expect(
      (await postForm(env.server, `${BASE}/events/${mine.id}/acknowledge`, manager.cookie, { _csrf: manager.csrf }))
        .statusCode,
    ).toBe(303);
    const after = await getPage(env.server, `${BASE}/devices/${devA}`, manager.cookie);
    expect(after.body).toContain("✔ acknowledged");
  });

  it("lets the manager set alert recipients and rules, audited; a viewer only reads them", async () => {
    const save = await postForm(env.server, `${BASE}/councils/${a.council.id}/alerts`, manager.cookie, {
      _csrf: manager.csrf,
      enabled: "1",
      dsfm: "dsfm@a.example\nclerk@a.example",
      it: "it@provider.example",
      silenceHours: "48",
      confirmReports: "2",
      screenLockGraceHours: "24",
    });
    expect(save.statusCode).toBe(303);
    const s = await getAlertSettings(env.server.ctx.db.kysely, a.council.id);
    expect(s.recipients).toEqual({ dsfm: ["dsfm@a.example", "clerk@a.example"], it: ["it@provider.example"] });
    expect(s.silenceHours).toBe(48);
    expect(s.disabledRules.length).toBeGreaterThan(0); // no rule boxes were ticked in this form post
    const bad = await postForm(env.server, `${BASE}/councils/${a.council.id}/alerts`, manager.cookie, {
      _csrf: manager.csrf,
      dsfm: "not an email",
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await postForm(env.server, `${BASE}/councils/${a.council.id}/alerts`, viewer.cookie, {
          _csrf: viewer.csrf,
          dsfm: "x@y.example",
        })
      ).statusCode,
    ).toBe(403);
    const page = await getPage(env.server, `${BASE}/councils/${a.council.id}/alerts`, viewer.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("clerk@a.example");
    // The page says in words whether alert email is encrypted (issue 14.6).
    await setAlertSettings(
      env.server.ctx.db.kysely,
      a.council.id,
      { ...s, smtpUrl: "smtp://ward:pw@mail.a.example:587" },
      new Date(),
    );
    expect((await getPage(env.server, `${BASE}/councils/${a.council.id}/alerts`, viewer.cookie)).body).toContain(
      "Email is sent only over an encrypted connection",
    );
    await setAlertSettings(
      env.server.ctx.db.kysely,
      a.council.id,
      { ...s, smtpUrl: "smtp://127.0.0.1:25?tls=off" },
      new Date(),
    );
    expect((await getPage(env.server, `${BASE}/councils/${a.council.id}/alerts`, viewer.cookie)).body).toContain(
      "Email is sent without encryption",
    );
    await setAlertSettings(env.server.ctx.db.kysely, a.council.id, s, new Date());
    expect((await listAudit(env.server.ctx.db.kysely, { actions: ["alerts.settings"] })).length).toBe(1);
  });
});
