// The device list across councils: search, filters, worst-first order, CSV = the view, council scoping, bulk actions.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CheckStatus, ControlId } from "../../shared/schemas/control.js";
import { upsertDeviceAsset } from "../../server/dashboard/asset-store.js";
import { deviceList, type DeviceListQuery } from "../../server/dashboard/queries/device-list.js";
import { insertIntegrityEvent } from "../../server/stores/event-store.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

const ALL: ControlId[] = ["disk-encryption", "screen-lock", "usb-storage", "hotspot", "os-patch"];

function results(over: Partial<Record<ControlId, CheckStatus>>) {
  return ALL.map((c) => checkResult(c, over[c] ?? "pass"));
}

/** The hostnames in the list page's rows, in order. */
function hostnames(page: string): string[] {
  return [...page.matchAll(/<th scope="row"><a href="\/dashboard\/devices\/[^"]+">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

/** A minimal CSV reader for Ward's always-quoted cells. */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}

describeDialects("device list across councils", (dialect) => {
  let env: TestEnv;
  let a: Awaited<ReturnType<typeof councilWithToken>>;
  let b: Awaited<ReturnType<typeof councilWithToken>>;
  const ids: Record<string, string> = {};
  let provider: { cookie: string; csrf: string };
  let dsfm: { cookie: string; csrf: string };
  let viewer: { cookie: string; csrf: string };
  const q = () => env.server.ctx.db.kysely;
  const base: DeviceListQuery = {
    councilId: null,
    search: "",
    control: null,
    status: null,
    silent: false,
    os: null,
    sort: "worst",
    page: 1,
  };

  beforeAll(async () => {
    env = await newEnv(dialect);
    a = await councilWithToken(env);
    b = await councilWithToken(env);
    const enrol = async (
      council: typeof a,
      host: string,
      over: Partial<Record<ControlId, CheckStatus>>,
      os: "linux" | "windows" = "windows",
    ) => {
      const d = new FakeDevice(`SER-${host}`);
      d.inventory.hostname = host;
      Object.assign(d.os, os === "windows" ? { platform: "windows", name: "Windows 11 Pro", version: "23H2" } : {});
      ids[host] = await enrolAndReport(env.server, council.token.token, d, results(over));
    };
    await enrol(a, "A-CLEAN", {}, "linux");
    await enrol(a, "A-ONE-FAIL", { "disk-encryption": "fail" });
    await enrol(a, "A-TWO-FAIL", { "disk-encryption": "fail", hotspot: "fail" });
    await enrol(a, "A-UNKNOWN", { "os-patch": "unknown" });
    await enrol(b, "B-FAIL-UNKNOWN", { "usb-storage": "fail", "os-patch": "unknown" });
    await enrol(b, "B-ONE-FAIL-OLD", { "screen-lock": "fail" });
    await enrol(b, "=cmd|' /C calc'!A0", {});
    // B-ONE-FAIL-OLD last reported 5 days ago: past the default 72 h, so silent, and older than A-ONE-FAIL.
    const old = new Date(env.server.ctx.clock.now().getTime() - 5 * 86_400_000).toISOString();
    await q().updateTable("devices").set({ last_seen_at: old }).where("id", "=", ids["B-ONE-FAIL-OLD"]!).execute();
    const now = env.server.ctx.clock.now().toISOString();
    await upsertDeviceAsset(
      q(),
      ids["A-UNKNOWN"]!,
      { asset_number: "WTC-0042", assigned_user: "Jo Clerk", location: "Office" },
      "t",
      now,
    );
    const p = await readyUser(env.server, `p-${dialect}@provider.example`, "provider-admin");
    provider = await sessionCookie(env.server, p.user.id);
    const m = await readyUser(env.server, `m-${dialect}@a.example`, "council-manager", a.council.id);
    dsfm = await sessionCookie(env.server, m.user.id);
    const v = await readyUser(env.server, `v-${dialect}@a.example`, "council-viewer", a.council.id);
    viewer = await sessionCookie(env.server, v.user.id);
  }, 120_000);
  afterAll(async () => env?.close());

  it("sorts worst first: failures, then unknowns, then the oldest report", async () => {
    const { rows, total } = await deviceList(q(), env.server.ctx.clock.now(), base);
    expect(total).toBe(7);
    expect(rows.map((r) => r.hostname).slice(0, 5)).toEqual([
      "A-TWO-FAIL",
      "B-FAIL-UNKNOWN",
      "B-ONE-FAIL-OLD",
      "A-ONE-FAIL",
      "A-UNKNOWN",
    ]);
    expect(rows[0]).toMatchObject({ fails: 2, unknowns: 0, silent: false });
    expect(rows[2]).toMatchObject({ fails: 1, unknowns: 0, silent: true });
    expect(rows[1]!.councilName).toBe(b.council.name);
  });

  it("searches hostname, serial, asset number, assigned user and council name, case-insensitively", async () => {
    const now = env.server.ctx.clock.now();
    const names = async (search: string) =>
      (await deviceList(q(), now, { ...base, search })).rows.map((r) => r.hostname).sort();
    expect(await names("a-two")).toEqual(["A-TWO-FAIL"]);
    expect(await names("ser-b-one")).toEqual(["B-ONE-FAIL-OLD"]);
    expect(await names("wtc-0042")).toEqual(["A-UNKNOWN"]);
    expect(await names("jo clerk")).toEqual(["A-UNKNOWN"]);
    expect((await names(b.council.name.toUpperCase())).length).toBe(3);
    // LIKE wildcards are text: "%" matches nothing here rather than everything.
    expect(await names("%")).toEqual([]);
    expect(await names("A_TWO")).toEqual([]);
  });

  it("filters by control and status, any control, silent and system", async () => {
    const now = env.server.ctx.clock.now();
    const names = async (m: Partial<DeviceListQuery>) =>
      (await deviceList(q(), now, { ...base, ...m })).rows.map((r) => r.hostname).sort();
    expect(await names({ control: "disk-encryption", status: "fail" })).toEqual(["A-ONE-FAIL", "A-TWO-FAIL"]);
    expect(await names({ status: "unknown" })).toEqual(["A-UNKNOWN", "B-FAIL-UNKNOWN"]);
    expect(await names({ control: "wifi-security", status: "none" })).toHaveLength(7);
    expect(await names({ silent: true })).toEqual(["B-ONE-FAIL-OLD"]);
    expect(await names({ os: "linux" })).toEqual(["A-CLEAN"]);
    expect(await names({ councilId: a.council.id, status: "fail" })).toEqual(["A-ONE-FAIL", "A-TWO-FAIL"]);
  });

  it("the page shows the same order, and the CSV holds the same rows in the same order, cells made inert", async () => {
    const page = await getPage(env.server, `${BASE}/devices`, provider.cookie);
    expect(page.statusCode).toBe(200);
    const shown = hostnames(page.body);
    expect(shown.slice(0, 3)).toEqual(["A-TWO-FAIL", "B-FAIL-UNKNOWN", "B-ONE-FAIL-OLD"]);
    expect(page.body).toContain("=cmd|&#39; /C calc&#39;!A0");
    const csv = await getPage(env.server, `${BASE}/devices.csv`, provider.cookie);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const rows = csvRows(csv.body);
    expect(rows[0]!.slice(0, 3)).toEqual(["device_id", "hostname", "council"]);
    const csvNames = rows.slice(1).map((r) => r[1]);
    const text = shown.map((h) => h.replace(/&#39;/g, "'"));
    expect(csvNames).toEqual(text.map((h) => (h.startsWith("=") ? `'${h}` : h)));
    // A filtered view: the CSV link carries the filter and the file holds just those rows.
    const filtered = await getPage(env.server, `${BASE}/devices?status=fail&control=disk-encryption`, provider.cookie);
    expect(filtered.body).toContain(`href="/dashboard/devices.csv?control=disk-encryption&amp;status=fail"`);
    const fcsv = csvRows(
      (await getPage(env.server, `${BASE}/devices.csv?control=disk-encryption&status=fail`, provider.cookie)).body,
    );
    expect(fcsv.slice(1).map((r) => r[1])).toEqual(hostnames(filtered.body));
  });

  it("a search holding control characters (NUL) is answered, not a server error (red-team, PostgreSQL)", async () => {
    for (const url of [`${BASE}/devices?q=%00`, `${BASE}/devices?q=A-%00CLEAN`, `${BASE}/devices.csv?q=%01%7F`]) {
      const res = await getPage(env.server, url, provider.cookie);
      expect(res.statusCode, url).toBe(200);
    }
    expect(hostnames((await getPage(env.server, `${BASE}/devices?q=A-%00CLEAN`, provider.cookie)).body)).toEqual([
      "A-CLEAN",
    ]);
  });

  it("a DSFM sees only their council, and another council's list, CSV or devices answer 404", async () => {
    const own = await getPage(env.server, `${BASE}/devices`, dsfm.cookie);
    expect(own.statusCode).toBe(200);
    expect(hostnames(own.body).sort()).toEqual(["A-CLEAN", "A-ONE-FAIL", "A-TWO-FAIL", "A-UNKNOWN"]);
    expect(own.body).not.toContain("B-FAIL-UNKNOWN");
    expect((await getPage(env.server, `${BASE}/devices?council=${b.council.id}`, dsfm.cookie)).statusCode).toBe(404);
    expect((await getPage(env.server, `${BASE}/devices.csv?council=${b.council.id}`, dsfm.cookie)).statusCode).toBe(
      404,
    );
    const csv = csvRows((await getPage(env.server, `${BASE}/devices.csv?q=B-`, dsfm.cookie)).body);
    expect(csv).toHaveLength(1); // the header only: a search cannot reach another council
    const bulk = await postForm(env.server, `${BASE}/devices/bulk`, dsfm.cookie, {
      _csrf: dsfm.csrf,
      action: "acknowledge",
      device: ids["B-FAIL-UNKNOWN"]!,
    });
    expect(bulk.statusCode).toBe(404);
    const viewerPage = await getPage(env.server, `${BASE}/devices`, viewer.cookie);
    expect(viewerPage.body).not.toContain('id="bulk"');
    const refused = await postForm(env.server, `${BASE}/devices/bulk`, viewer.cookie, {
      _csrf: viewer.csrf,
      action: "acknowledge",
      device: ids["A-CLEAN"]!,
    });
    expect(refused.statusCode).toBe(403);
  });

  it("adds a waiver to several devices through the audited path; a waived failure no longer counts", async () => {
    const body = new URLSearchParams({ _csrf: provider.csrf, action: "waiver", control: "disk-encryption" });
    body.append("device", ids["A-ONE-FAIL"]!);
    body.append("device", ids["A-TWO-FAIL"]!);
    body.set("reason", "");
    body.set("back", "?status=fail");
    const post = (b: URLSearchParams, cookie = provider.cookie) =>
      env.server.app.inject({
        method: "POST",
        url: `${BASE}/devices/bulk`,
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        payload: b.toString(),
      });
    const missing = await post(body);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("A waiver needs a reason.");
    body.set("reason", "New laptops arrive <next> week");
    body.set("expires", "2099-01-01");
    const tooLong = await post(body);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain("A waiver can last at most a year.");
    expect(tooLong.body).toContain('value="New laptops arrive &lt;next&gt; week"');
    body.set("expires", new Date(env.server.ctx.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10));
    const noCsrf = new URLSearchParams(body);
    noCsrf.set("_csrf", "wrong");
    expect((await post(noCsrf)).statusCode).toBe(403);
    const ok = await post(body);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${BASE}/devices?status=fail&done=waiver`);
    const waivers = await q().selectFrom("waivers").selectAll().where("control", "=", "disk-encryption").execute();
    expect(waivers.map((w) => w.device_id).sort()).toEqual([ids["A-ONE-FAIL"], ids["A-TWO-FAIL"]].sort());
    const audited = await q().selectFrom("audit_log").selectAll().where("action", "=", "waiver.add").execute();
    expect(audited).toHaveLength(2);
    const { rows } = await deviceList(q(), env.server.ctx.clock.now(), base);
    expect(rows.find((r) => r.hostname === "A-TWO-FAIL")).toMatchObject({ fails: 1 });
    expect(rows.find((r) => r.hostname === "A-ONE-FAIL")).toMatchObject({ fails: 0 });
    expect(rows.find((r) => r.hostname === "A-ONE-FAIL")!.results["disk-encryption"]).toBe("waived");
    const waivedOnly = await deviceList(q(), env.server.ctx.clock.now(), { ...base, status: "waived" });
    expect(waivedOnly.rows.map((r) => r.hostname).sort()).toEqual(["A-ONE-FAIL", "A-TWO-FAIL"]);
  });

  it("acknowledges the selected devices' open integrity events, one audit entry each", async () => {
    const now = env.server.ctx.clock.now().toISOString();
    for (const [n, host] of [
      [1, "A-CLEAN"],
      [2, "A-CLEAN"],
      [3, "B-FAIL-UNKNOWN"],
    ] as const) {
      await insertIntegrityEvent(q(), {
        id: `evt_18b_${dialect}_${n}`,
        device_id: ids[host]!,
        council_id: host.startsWith("A") ? a.council.id : b.council.id,
        kind: "gap",
        seq: n,
        detail_json: "{}",
        created_at: now,
        acknowledged_at: null,
      });
    }
    const before = await deviceList(q(), env.server.ctx.clock.now(), { ...base, search: "A-CLEAN" });
    expect(before.rows[0]!.openEvents).toBe(2);
    const res = await postForm(env.server, `${BASE}/devices/bulk`, dsfm.cookie, {
      _csrf: dsfm.csrf,
      action: "acknowledge",
      device: ids["A-CLEAN"]!,
    });
    expect(res.statusCode).toBe(303);
    const open = await q().selectFrom("integrity_events").select("id").where("acknowledged_at", "is", null).execute();
    expect(open.map((e) => e.id)).toEqual([`evt_18b_${dialect}_3`]);
    const audited = await q().selectFrom("audit_log").selectAll().where("action", "=", "event.acknowledge").execute();
    expect(audited).toHaveLength(2);
    const done = await getPage(env.server, res.headers.location as string, dsfm.cookie);
    expect(done.body).toContain("Open integrity events of the selected devices acknowledged.");
  });
});
