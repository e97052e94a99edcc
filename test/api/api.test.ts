// The token API: council scope exactly as on the pages (404 across councils), 401 without a live token, 403 for a
// read-only token on a write, cursor pages, audited writes, the per-token rate limit; on SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiToken } from "../../server/api/token-store.js";
import { apiTokenCli } from "../../server/api/cli.js";
import { listAudit } from "../../server/dashboard/audit.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { enrolAndReport } from "../dashboard/support.js";

describeDialects("API v1 with tokens", (dialect) => {
  let env: TestEnv;
  let a: Awaited<ReturnType<typeof councilWithToken>>;
  let b: Awaited<ReturnType<typeof councilWithToken>>;
  let devA = "";
  let devA2 = "";
  let devB = "";
  const tokens = { readA: "", writeA: "", provider: "", revoked: "", expired: "" };

  const call = async (method: "GET" | "POST", url: string, token?: string, payload?: object) => {
    const res = await env.server.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload ? { payload } : {}),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
  };

  beforeAll(async () => {
    env = await newEnv(dialect);
    a = await councilWithToken(env);
    b = await councilWithToken(env);
    devA = await enrolAndReport(env.server, a.token.token, new FakeDevice(), [
      checkResult("disk-encryption", "fail"),
      checkResult("screen-lock", "pass"),
    ]);
    devA2 = await enrolAndReport(env.server, a.token.token, new FakeDevice(), [checkResult("disk-encryption", "pass")]);
    devB = await enrolAndReport(env.server, b.token.token, new FakeDevice(), [checkResult("disk-encryption", "fail")]);
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const make = async (o: { council?: string; readOnly: boolean; expires?: string }) =>
      (
        await createApiToken(deps, {
          name: "test",
          council: o.council,
          provider: !o.council,
          readOnly: o.readOnly,
          expires: o.expires ?? "90d",
          createdBy: "test",
        })
      ).token;
    tokens.readA = await make({ council: a.council.id, readOnly: true });
    tokens.writeA = await make({ council: a.council.id, readOnly: false });
    tokens.provider = await make({ readOnly: false });
    tokens.revoked = await make({ council: a.council.id, readOnly: false });
    tokens.expired = await make({ council: a.council.id, readOnly: true, expires: "1m" });
  });
  afterAll(async () => env?.close());

  it("gives a council token its council's devices (200) and 404 for another council's, like a made-up id", async () => {
    const list = await call("GET", `/api/v1/councils/${a.council.id}/devices`, tokens.readA);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id).sort()).toEqual([devA, devA2].sort());
    const one = list.body.items.find((d: { id: string }) => d.id === devA);
    expect(one.controls["disk-encryption"]).toMatchObject({ status: "fail", waived: false });
    expect(list.headers["ratelimit-limit"]).toBe("300");

    const device = await call("GET", `/api/v1/devices/${devA}`, tokens.readA);
    expect(device.status).toBe(200);
    expect(device.body.results.map((r: { control: string }) => r.control).sort()).toEqual([
      "disk-encryption",
      "screen-lock",
    ]);

    const other = await call("GET", `/api/v1/devices/${devB}`, tokens.readA);
    const madeUp = await call("GET", "/api/v1/devices/dev_AAAAAAAAAAAAAAAAAAAAAA", tokens.readA);
    expect(other.status).toBe(404);
    expect(other.body).toEqual(madeUp.body);
    for (const url of [
      `/api/v1/councils/${b.council.id}`,
      `/api/v1/councils/${b.council.id}/devices`,
      `/api/v1/councils/${encodeURIComponent(a.council.name)}/devices`,
      `/api/v1/devices/${devB}/history`,
      `/api/v1/councils/${b.council.id}/alerts`,
      `/api/v1/councils/${b.council.id}/integrity-events`,
      `/api/v1/councils/${b.council.id}/waivers`,
      `/api/v1/councils/${b.council.id}/approvals`,
    ]) {
      const r = await call("GET", url, tokens.writeA);
      expect(r.status, url).toBe(404);
      const madeUpUrl = url
        .replace(b.council.id, "cou_nothere")
        .replace(devB, "dev_AAAAAAAAAAAAAAAAAAAAAA")
        .replace(encodeURIComponent(a.council.name), "cou_nothere");
      expect(r.body, url).toEqual((await call("GET", madeUpUrl, tokens.writeA)).body);
    }
    const councils = await call("GET", "/api/v1/councils", tokens.readA);
    expect(councils.body.items.map((c: { id: string }) => c.id)).toEqual([a.council.id]);
  });

  it("answers 401 with no token, a malformed one, an expired one and a revoked one", async () => {
    const url = `/api/v1/councils/${a.council.id}/devices`;
    expect((await call("GET", url)).status).toBe(401);
    expect((await call("GET", url)).headers["www-authenticate"]).toBe('Bearer realm="ward"');
    expect((await call("GET", url, "wat_not-a-real-token")).status).toBe(401);
    expect((await call("GET", url, tokens.revoked)).status).toBe(200);
    const lines: string[] = [];
    const me = await call("GET", "/api/v1/me", tokens.revoked);
    // Revoking through the CLI needs the data dir (SQLite) or the URL (PostgreSQL) of this collector.
    const where = env.dbUrl ? ["--db", env.dbUrl] : ["--data-dir", env.dataDir];
    await apiTokenCli(["api-token", "revoke", me.body.tokenId, ...where], (l) => lines.push(l));
    expect(lines.join("\n")).toContain(`Revoked ${me.body.tokenId}`);
    const revoked = await call("GET", url, tokens.revoked);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toContain("unknown, expired or revoked");
    const expiredAt = new Date(Date.now() + 2 * 60_000);
    const realNow = env.server.ctx.clock.now;
    (env.server.ctx.clock as { now: () => Date }).now = () => expiredAt;
    try {
      expect((await call("GET", url, tokens.expired)).status).toBe(401);
    } finally {
      (env.server.ctx.clock as { now: () => Date }).now = realNow;
    }
    const audit = await listAudit(env.server.ctx.db.kysely, { actions: ["api-token.revoke"] });
    expect(audit[0]?.target).toBe(me.body.tokenId);
  });

  it("refuses a write with a read-only token (403) and audits one made with a write token", async () => {
    const body = {
      control: "disk-encryption",
      reason: "Desktop in the locked office",
      expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    };
    const ro = await call("POST", `/api/v1/devices/${devA}/waivers`, tokens.readA, body);
    expect(ro.status).toBe(403);
    expect(ro.body.error.message).toContain("read-only");
    const across = await call("POST", `/api/v1/devices/${devB}/waivers`, tokens.writeA, body);
    expect(across.status).toBe(404);
    const bad = await call("POST", `/api/v1/devices/${devA}/waivers`, tokens.writeA, {
      ...body,
      expiresOn: "2020-01-01",
    });
    expect(bad.status).toBe(400);
    const ok = await call("POST", `/api/v1/devices/${devA}/waivers`, tokens.writeA, body);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ deviceId: devA, control: "disk-encryption", active: true });
    const device = await call("GET", `/api/v1/devices/${devA}`, tokens.readA);
    expect(device.body.controls["disk-encryption"]).toMatchObject({ status: "fail", waived: true });
    const waivers = await call("GET", `/api/v1/councils/${a.council.id}/waivers`, tokens.readA);
    expect(waivers.body.items.map((w: { id: string }) => w.id)).toContain(ok.body.id);
    const revoked = await call("POST", `/api/v1/waivers/${ok.body.id}/revoke`, tokens.writeA);
    expect(revoked.body).toMatchObject({ id: ok.body.id, active: false });

    const usb = {
      vendorId: "0781",
      productId: "5581",
      serial: "4C530001",
      label: "SanDisk Ultra",
      reason: "Clerk's backup stick",
    };
    expect((await call("POST", `/api/v1/councils/${a.council.id}/approvals`, tokens.readA, usb)).status).toBe(403);
    // A blank serial is not "every stick of that model" (only null is): refused, nothing approved.
    const blank = await call("POST", `/api/v1/councils/${a.council.id}/approvals`, tokens.writeA, {
      ...usb,
      serial: "   ",
    });
    expect(blank.status).toBe(400);
    expect(
      (await call("GET", `/api/v1/councils/${a.council.id}/approvals`, tokens.readA)).body.approvedUsbDevices,
    ).toHaveLength(0);
    const approved = await call("POST", `/api/v1/councils/${a.council.id}/approvals`, tokens.writeA, usb);
    expect(approved.status).toBe(201);
    const list = await call("GET", `/api/v1/councils/${a.council.id}/approvals`, tokens.readA);
    expect(list.body.approvedUsbDevices).toHaveLength(1);
    expect(list.body.policyVersion).toBe(approved.body.policyVersion);
    expect((await call("POST", `/api/v1/councils/${b.council.id}/approvals`, tokens.writeA, usb)).status).toBe(404);

    const audit = await listAudit(env.server.ctx.db.kysely, { councilId: a.council.id });
    const actions = audit.filter((e) => e.actor.startsWith("API token")).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["waiver.add", "waiver.revoke", "usb.approve"]));
  });

  it("pages with an opaque cursor and refuses a forged one", async () => {
    const first = await call("GET", "/api/v1/councils?limit=1", tokens.provider);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call("GET", `/api/v1/councils?limit=1&cursor=${first.body.nextCursor}`, tokens.provider);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(second.body.nextCursor).toBeNull();
    const devs = await call("GET", `/api/v1/councils/${a.council.id}/devices?limit=1`, tokens.provider);
    const rest = await call(
      "GET",
      `/api/v1/councils/${a.council.id}/devices?limit=1&cursor=${devs.body.nextCursor}`,
      tokens.provider,
    );
    expect([devs.body.items[0].id, rest.body.items[0].id].sort()).toEqual([devA, devA2].sort());
    const history = await call("GET", `/api/v1/devices/${devA}/history?limit=1`, tokens.provider);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    const more = await call(
      "GET",
      `/api/v1/devices/${devA}/history?limit=1&cursor=${history.body.nextCursor}`,
      tokens.provider,
    );
    expect(more.body.items[0].id).not.toBe(history.body.items[0].id);
    expect((await call("GET", "/api/v1/councils?cursor=bm90LWEtY3Vyc29y", tokens.provider)).status).toBe(400);
    expect((await call("GET", "/api/v1/councils?limit=0", tokens.provider)).status).toBe(400);
  });

  it("limits each token to 300 requests a minute (429 with Retry-After), without slowing other tokens", async () => {
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const busy = (
      await createApiToken(deps, { name: "busy", provider: true, readOnly: true, expires: "1d", createdBy: "test" })
    ).token;
    let last = { status: 0, headers: {} as Record<string, unknown> };
    for (let i = 0; i < 301; i++) last = await call("GET", "/api/v1/me", busy);
    expect(last.status).toBe(429);
    expect(Number(last.headers["retry-after"])).toBeGreaterThan(0);
    expect((await call("GET", "/api/v1/me", tokens.provider)).status).toBe(200);
  });
});
