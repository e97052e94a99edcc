// Generated bad input for the dashboard's forms (login, tokens, users, USB approvals, waivers, asset details): each
// gets a 4xx with a clear message, never a 5xx; the dashboard keeps serving and no data changes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../shared/logger.js";
import { EnrollResponse, ErrorResponse } from "../../shared/schemas/api.js";
import { loadServerConfig } from "../../server/config/config.js";
import { createServer, type WardServer } from "../../server/main.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { readyUser, sessionCookie } from "../dashboard/support.js";
import { count } from "./counts.js";

const RUNS = Number(process.env.WARD_BAD_INPUT_RUNS ?? 40);
const BASE = "/dashboard";
const HOSTILE = [
  "'; DROP TABLE devices; --",
  "<script>alert(1)</script>",
  '"><svg/onload=alert(1)>',
  "../../etc/passwd",
  "\u0000\u202E",
  "x".repeat(2000),
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 60 }));

let server: WardServer;
let dataDir: string;
let councilId = "";
let deviceId = "";
let cookie = "";
let csrf = "";
let tried = 0;
let fiveHundreds = 0;
let fastify414 = 0;

/** Everything a form could change, row by row (the audit log and login throttle record attempts by design). */
async function snapshot(): Promise<string> {
  const q = server.ctx.db.kysely;
  const tables = ["councils", "enrol_tokens", "devices", "waivers", "device_assets", "dashboard_users"] as const;
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = await q.selectFrom(t).selectAll().execute();
  return JSON.stringify(out, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString("base64") : v));
}

async function submit(url: string, fields: Record<string, string>, opts: { csrf?: string | null; body?: Buffer } = {}) {
  const token = opts.csrf === undefined ? csrf : opts.csrf;
  const payload =
    opts.body ?? new URLSearchParams({ ...fields, ...(token === null ? {} : { _csrf: token }) }).toString();
  const res = await server.app.inject({
    method: "POST",
    url,
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    payload,
  });
  tried++;
  if (res.statusCode >= 500) fiveHundreds++;
  const context = `${url} ${JSON.stringify(fields).slice(0, 160)}: ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, context).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, context).toBeLessThan(500);
  // A clear error: the page's alert, or the JSON error shape.
  const isJson = String(res.headers["content-type"]).includes("json");
  if (res.statusCode === 414) {
    // Fastify's router answers an over-long path parameter itself, before Ward's error page (reported: its body is
    // Fastify's {error, code, message}, not Ward's shape). Still a 4xx that says what is wrong.
    expect(String((JSON.parse(res.body) as { message?: unknown }).message), context).toMatch(/too long|length/i);
    fastify414++;
  } else if (isJson) expect(ErrorResponse.safeParse(JSON.parse(res.body)).success, context).toBe(true);
  else expect(res.body, context).toMatch(/role="alert"[^>]*>\s*[^<\s]/);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "ward-dashboard-forms-"));
  server = await createServer(loadServerConfig({ flags: { dataDir, port: 0 } }), { logger: silentLogger });
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const council = await createCouncil(deps, "Forms Parish Council");
  councilId = council.id;
  const { token } = await createToken(deps, { council: council.id, expires: "1d", uses: 2 });
  const d = new FakeDevice("FORMS-1");
  const enrolled = await server.app.inject({ method: "POST", url: "/v1/enroll", payload: d.enrollBody(token) });
  d.deviceId = deviceId = EnrollResponse.parse(JSON.parse(enrolled.body)).deviceId;
  await server.app.inject({
    method: "POST",
    url: "/v1/reports",
    payload: { deviceId, envelopes: [d.full([checkResult("usb-storage", "fail")])] },
  });
  const user = await readyUser(server, "admin@provider.example", "provider-admin");
  ({ cookie, csrf } = await sessionCookie(server, user.user.id));
});

afterAll(async () => {
  count("bad-input cases", tried);
  count("bad-input 5xx", fiveHundreds);
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the dashboard's forms refuse bad input with a clear 4xx and change nothing", () => {
  let before = "";
  beforeAll(async () => {
    before = await snapshot();
  });

  it("any form without the CSRF field, or with another one", async () => {
    const forms = [
      `${BASE}/tokens`,
      `${BASE}/users`,
      `${BASE}/councils/${councilId}/approvals`,
      `${BASE}/devices/${deviceId}/waivers`,
      `${BASE}/devices/${deviceId}/asset`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...forms), fc.option(hostile, { nil: null }), async (url, bad) => {
        await submit(url, { council: councilId, uses: "5", expires: "7d", asset_number: "A1" }, { csrf: bad });
      }),
      { numRuns: RUNS },
    );
  });

  it("enrolment tokens: unknown council, bad uses or expiry", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("council", "uses", "expires"),
        hostile,
        fc.constantFrom("abc", "-1", "0", "100001", "1e9", "NaN", ""),
        async (which, bad, badUses) => {
          const fields = { council: councilId, uses: "5", expires: "7d" };
          if (which === "council") fields.council = `nope-${bad}`;
          else if (which === "uses") fields.uses = badUses;
          else fields.expires = `${bad}x`;
          await submit(`${BASE}/tokens`, fields);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("users: bad e-mail or role", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.boolean(), async (bad, badEmail) =>
        submit(
          `${BASE}/users`,
          badEmail
            ? { email: bad.replace(/@/g, ""), role: "council-viewer", council: councilId }
            : { email: "x@example.org", role: bad },
        ),
      ),
      { numRuns: RUNS },
    );
  });

  it("waivers: bad control, missing or long reason, bad or far expiry, unknown device", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("control", "reason", "long-reason", "expires", "far", "past", "device"),
        hostile,
        async (which, bad) => {
          const fields = { control: "usb-storage", reason: "approved by the clerk", expires: "2027-01-31" };
          let device = deviceId;
          if (which === "control") fields.control = `${bad}!`;
          else if (which === "reason") fields.reason = "   ";
          else if (which === "long-reason") fields.reason = "r".repeat(501);
          else if (which === "expires") fields.expires = bad;
          else if (which === "far") fields.expires = "2099-01-01";
          else if (which === "past") fields.expires = "2001-01-01";
          else device = `dev_${encodeURIComponent(bad)}`;
          await submit(`${BASE}/devices/${device}/waivers`, fields);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("USB approvals: missing reason or bad identity; asset details too long; unknown device", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("reason", "vendor", "asset", "asset-device"), hostile, async (which, bad) => {
        if (which === "reason")
          await submit(`${BASE}/councils/${councilId}/approvals`, { vendorId: "0781", productId: "5581", reason: " " });
        else if (which === "vendor")
          await submit(`${BASE}/councils/${councilId}/approvals`, {
            vendorId: `${bad}zz`,
            productId: "5581",
            reason: "ok",
          });
        else if (which === "asset")
          await submit(`${BASE}/devices/${deviceId}/asset`, { asset_number: `${bad}${"9".repeat(101)}` });
        else await submit(`${BASE}/devices/nope${encodeURIComponent(bad)}/asset`, { asset_number: "A1" });
      }),
      { numRuns: RUNS },
    );
  });

  it("bodies that are not forms: invalid UTF-8, oversized", async () => {
    await submit(
      `${BASE}/tokens`,
      {},
      {
        body: Buffer.concat([
          Buffer.from(`_csrf=${csrf}&council=`),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from("&uses=5"),
        ]),
      },
    );
    await submit(`${BASE}/tokens`, {}, { body: Buffer.from(`_csrf=${csrf}&council=${"a".repeat(100 * 1024)}`) });
  });

  it("login: wrong credentials and hostile text are refused (and throttled), never a 5xx", async () => {
    const first = await server.app.inject({ method: "GET", url: `${BASE}/login` });
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(first.body)?.[1] ?? "";
    const loginCookie = `ward_login_csrf=${(first.cookies as { name: string; value: string }[]).find((c) => c.name === "ward_login_csrf")?.value}`;
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.boolean(), async (email, password, withCsrf) => {
        const payload = new URLSearchParams({ email, password, ...(withCsrf ? { _csrf: loginCsrf } : {}) }).toString();
        const res = await server.app.inject({
          method: "POST",
          url: `${BASE}/login`,
          headers: { cookie: loginCookie, "content-type": "application/x-www-form-urlencoded" },
          payload,
        });
        tried++;
        if (res.statusCode >= 500) fiveHundreds++;
        expect([400, 401, 403, 429], res.body.slice(0, 200)).toContain(res.statusCode);
        expect(res.body).toMatch(/role="alert"/);
      }),
      { numRuns: RUNS },
    );
  });

  it("kept serving, and no data changed", async () => {
    expect(await snapshot()).toEqual(before);
    const page = await server.app.inject({ method: "GET", url: `${BASE}/councils/${councilId}`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(fiveHundreds).toBe(0);
    expect(tried).toBeGreaterThanOrEqual(6 * RUNS);
    console.log(`dashboard forms: ${tried} bad submissions, 0 5xx, ${fastify414} answered 414 by Fastify's router`);
  });
});
