// Generated bad input for /v1/enroll, /v1/reports and /v1/policy over real HTTP: every case gets a 4xx with a clear
// error, never a 5xx; the server keeps serving and nothing is stored.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../shared/canonical-json.js";
import { signBytes } from "../../shared/crypto/ed25519.js";
import { payloadHash } from "../../shared/crypto/envelope.js";
import { silentLogger } from "../../shared/logger.js";
import { EnrollResponse, ErrorResponse, ReportsResponse } from "../../shared/schemas/api.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { loadServerConfig } from "../../server/config/config.js";
import { type RunningServer, startServer } from "../../server/main.js";
import { createCouncil, createToken } from "../../server/services/admin.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { count } from "./counts.js";
import { type RawAnswer, rawRequest } from "./raw-http.js";

const RUNS = Number(process.env.WARD_BAD_INPUT_RUNS ?? 60);

const INJECTIONS = [
  "'; DROP TABLE devices; --",
  '" OR 1=1 --',
  "1; DELETE FROM ledger",
  "dev_' UNION SELECT private_key FROM settings --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(document.cookie)>",
  '"><svg/onload=alert(1)>',
  "{{constructor.constructor('return process')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literally
  "${process.exit(1)}",
  "../../../../etc/passwd",
  "%00%0d%0aSet-Cookie: x=1",
  "\u0000\u0001\u0002",
  "\u202Egnp.exe",
  "A".repeat(5000),
];
const injection = fc.constantFrom(...INJECTIONS);

const TABLES = [
  "councils",
  "enrol_tokens",
  "devices",
  "enrolments",
  "ledger",
  "raw_envelopes",
  "current_results",
  "status_changes",
  "integrity_events",
  "request_nonces",
] as const;

let server: RunningServer;
let dataDir: string;
let token: string;
const a = new FakeDevice("BAD-INPUT-A");
const b = new FakeDevice("BAD-INPUT-B");
let tried = 0;
let fiveHundreds = 0;

async function snapshot(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = await server.ctx.db.kysely
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  const uses = await server.ctx.db.kysely.selectFrom("enrol_tokens").select(["uses"]).execute();
  out.tokenUses = uses.reduce((n, r) => n + Number(r.uses), 0);
  return out;
}

/** One hostile request: must be a 4xx whose body is the error shape with a message a person can act on. */
async function expect4xx(answer: Promise<RawAnswer>, label: string, status?: number): Promise<void> {
  const res = await answer;
  tried++;
  if (res.status >= 500) fiveHundreds++;
  const context = `${label}: ${res.status} ${res.body.slice(0, 300)}`;
  expect(res.status, context).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  if (status) expect(res.status, context).toBe(status);
  const err = ErrorResponse.safeParse(safeJson(res.body));
  expect(err.success, context).toBe(true);
  if (err.success) {
    expect(err.data.error.code.length, context).toBeGreaterThan(0);
    expect(err.data.error.message.length, context).toBeGreaterThan(15);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  rawRequest(server.url, "POST", path, body, headers);
const json = (v: unknown) => JSON.stringify(v);

/** Replaces one field of an object (at any depth) with something of the wrong type or a hostile string. */
const wrongField = <T extends object>(valid: T) =>
  fc
    .tuple(
      fc.constantFrom(...paths(valid)),
      fc.oneof(
        fc.json({ maxDepth: 2 }).map((s) => JSON.parse(s) as unknown),
        injection,
        fc.constant(undefined),
      ),
    )
    .map(([path, value]) => setPath(structuredClone(valid), path, value));

function paths(v: unknown, prefix: string[] = []): string[][] {
  if (v === null || typeof v !== "object") return [prefix];
  const out: string[][] = prefix.length ? [prefix] : [];
  for (const [k, c] of Object.entries(v)) out.push(...paths(c, [...prefix, k]));
  return out;
}

function setPath<T>(obj: T, path: string[], value: unknown): T {
  let cur = obj as Record<string, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return obj;
}

/** Invalid UTF-8 spliced into a JSON body. */
const invalidUtf8 = (text: string, at: number) => {
  const bytes = Buffer.from(text, "utf8");
  const i = Math.min(bytes.length - 2, Math.max(1, at % bytes.length));
  return Buffer.concat([
    bytes.subarray(0, i),
    Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
    bytes.subarray(i),
  ]);
};

const deeplyNested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "ward-bad-input-"));
  server = await startServer(loadServerConfig({ flags: { dataDir, port: 0, host: "127.0.0.1" } }), {
    logger: silentLogger,
    processMetrics: false,
  });
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const council = await createCouncil(deps, "Bad Input Parish Council");
  token = (await createToken(deps, { council: council.id, expires: "1d", uses: 20 })).token;
  for (const d of [a, b]) {
    const res = await post("/v1/enroll", json(d.enrollBody(token)));
    d.deviceId = EnrollResponse.parse(JSON.parse(res.body)).deviceId;
  }
  const res = await post(
    "/v1/reports",
    json({ deviceId: a.deviceId, envelopes: [a.full([checkResult("disk-encryption", "pass")])] }),
  );
  expect(ReportsResponse.parse(JSON.parse(res.body)).results[0]?.outcome).toBe("accepted");
});

afterAll(async () => {
  count("bad-input cases", tried);
  count("bad-input 5xx", fiveHundreds);
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("bad input is refused with a clear 4xx and changes nothing", () => {
  let before: Record<string, number>;
  beforeAll(async () => {
    before = await snapshot();
  });

  it("POST /v1/enroll", async () => {
    const valid = () => a.enrollBody(token);
    const fakeToken = fc.stringMatching(/^wet_[A-Za-z0-9_-]{43}$/);
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 5 }), async (body) =>
        expect4xx(post("/v1/enroll", body), `arbitrary JSON ${body.slice(0, 80)}`),
      ),
      { numRuns: RUNS },
    );
    // Wrong types and hostile strings in each field, with a token that is well formed but was never issued.
    await fc.assert(
      fc.asyncProperty(wrongField(valid()), fakeToken, async (body, t) =>
        expect4xx(post("/v1/enroll", json({ ...body, token: t })), `wrong field ${json(body).slice(0, 120)}`),
      ),
      { numRuns: RUNS },
    );
    // A valid token but a field that is not valid: nothing is enrolled and the token is not used.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("publicKey", "os", "inventory"), injection, async (field, bad) =>
        expect4xx(
          post("/v1/enroll", json({ ...new FakeDevice().enrollBody(token), [field]: bad })),
          `valid token, ${field}=${bad.slice(0, 40)}`,
        ),
      ),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(injection, async (bad) =>
        expect4xx(
          post("/v1/enroll", json({ ...new FakeDevice().enrollBody(token), token: bad })),
          `token=${bad.slice(0, 40)}`,
        ),
      ),
      { numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), fakeToken, async (at, t) =>
        expect4xx(
          post("/v1/enroll", invalidUtf8(json({ ...new FakeDevice().enrollBody(token), token: t }), at)),
          "invalid UTF-8",
        ),
      ),
      { numRuns: 20 },
    );
    for (const depth of [64, 1000, 100_000, 500_000]) {
      await expect4xx(post("/v1/enroll", deeplyNested(depth)), `nested arrays ${depth}`);
      await expect4xx(post("/v1/enroll", nestedObject(depth)), `nested objects ${depth}`);
    }
    await expect4xx(
      post("/v1/enroll", json({ ...valid(), agentVersion: "x".repeat(3 * 1024 * 1024) })),
      "3 MB body",
      413,
    );
    await expect4xx(post("/v1/enroll", "{"), "truncated JSON", 400);
    await expect4xx(post("/v1/enroll", ""), "empty body", 400);
    await expect4xx(post("/v1/enroll", json(valid()), { "content-type": "text/plain" }), "text/plain");
    await expect4xx(post("/v1/enroll", "<xml/>", { "content-type": "application/xml" }), "xml", 415);
    // Another device's public key (a cloned disk image): refused, nothing stored.
    await expect4xx(
      post("/v1/enroll", json({ ...new FakeDevice().enrollBody(token), publicKey: b.keys.publicKey })),
      "b's key again",
      409,
    );
  });

  it("POST /v1/reports", async () => {
    const next = () => {
      const d = new FakeDevice();
      Object.assign(d, { keys: a.keys, deviceId: a.deviceId, seq: a.seq, prevHash: a.prevHash });
      return d;
    };
    const envelope = () => next().full([checkResult("screen-lock", "fail")]);
    const batch = (envelopes: unknown[], deviceId: unknown = a.deviceId) => json({ deviceId, envelopes });
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 5 }), async (body) =>
        expect4xx(post("/v1/reports", body), `arbitrary JSON ${body.slice(0, 80)}`),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(wrongField({ deviceId: a.deviceId, envelopes: [envelope()] }), async (body) =>
        expect4xx(post("/v1/reports", json(body)), `wrong field ${json(body).slice(0, 160)}`),
      ),
      { numRuns: RUNS },
    );
    // Tampered payloads: one byte changed anywhere in a signed envelope.
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 32, max: 126 }), async (at, ch) => {
        const e = envelope();
        const i = at % e.payload.length;
        if (e.payload.charCodeAt(i) === ch) return;
        const payload = e.payload.slice(0, i) + String.fromCharCode(ch) + e.payload.slice(i + 1);
        await expect4xx(post("/v1/reports", batch([{ ...e, payload }])), `tampered at ${i}`);
      }),
      { numRuns: RUNS },
    );
    // Bad signatures: random, truncated, another envelope's.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{86}$/), injection),
        async (signature) =>
          expect4xx(post("/v1/reports", batch([{ ...envelope(), signature }])), `signature ${signature.slice(0, 30)}`),
      ),
      { numRuns: RUNS },
    );
    // Signed by another device's key (b) but sent as a's; a's report sent under b's id; a report naming b signed by a.
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("b-key", "under-b", "names-b", "unknown-device"), async (how) => {
        const n = next();
        if (how === "b-key") Object.assign(n, { keys: b.keys });
        const report = n.report({
          kind: "full",
          results: [checkResult("hotspot", "pass")],
          resultsHash: "0".repeat(64),
        });
        if (how === "names-b") report.deviceId = b.deviceId;
        const e = n.seal(report);
        const deviceId = how === "under-b" ? b.deviceId : how === "unknown-device" ? "dev_NOSUCHdevice00" : a.deviceId;
        await expect4xx(post("/v1/reports", batch([e], deviceId)), how);
      }),
      { numRuns: 20 },
    );
    // Signed but not canonical, or signed but not a Report.
    const n = next();
    const signedRaw = (payload: string): Envelope => ({
      payload,
      signature: signBytes(Buffer.from(payload, "utf8"), a.keys.privateKey),
      keyId: envelope().keyId,
    });
    const report = n.report({ kind: "full", results: [checkResult("hotspot", "pass")], resultsHash: "0".repeat(64) });
    await expect4xx(post("/v1/reports", batch([signedRaw(JSON.stringify(report, null, 2))])), "not canonical", 400);
    await expect4xx(post("/v1/reports", batch([signedRaw(canonicalJson({ ...report, seq: -1 }))])), "seq -1", 400);
    await expect4xx(
      post("/v1/reports", batch([signedRaw(canonicalJson({ ...report, kind: "<script>" }))])),
      "kind <script>",
      400,
    );
    await expect4xx(
      post("/v1/reports", batch([signedRaw(`${"[".repeat(10_000)}${"]".repeat(10_000)}`)])),
      "signed nested payload",
      400,
    );
    await expect4xx(post("/v1/reports", batch([signedRaw("\uD800")])), "lone surrogate payload");
    await expect4xx(post("/v1/reports", batch(Array.from({ length: 101 }, () => envelope()))), "101 envelopes", 413);
    await expect4xx(
      post("/v1/reports", batch([envelope(), { ...envelope(), signature: "x" }])),
      "one bad envelope refuses the batch",
    );
    for (const depth of [1000, 500_000]) await expect4xx(post("/v1/reports", nestedObject(depth)), `nested ${depth}`);
    await expect4xx(post("/v1/reports", invalidUtf8(batch([envelope()]), 40)), "invalid UTF-8");
    await expect4xx(post("/v1/reports", json({ deviceId: a.deviceId, envelopes: [] })), "empty batch", 400);
  });

  it("GET /v1/policy", async () => {
    const get = (headers: Record<string, string>, path = "/v1/policy") =>
      rawRequest(server.url, "GET", path, undefined, headers);
    const ok = await get(a.signedHeaders("GET", "/v1/policy"));
    expect(ok.status).toBe(200);
    before = await snapshot(); // that valid request stored its nonce
    const replayed = a.signedHeaders("GET", "/v1/policy");
    expect((await get(replayed)).status).toBe(200);
    before = await snapshot();
    await expect4xx(get(replayed), "replayed nonce", 401);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("x-ward-device", "x-ward-timestamp", "x-ward-nonce", "x-ward-signature"),
        fc.oneof(
          injection.filter((s) => /^[\x20-\x7e]*$/.test(s)),
          fc.stringMatching(/^[A-Za-z0-9_-]{0,120}$/),
          fc.constant(""),
        ),
        async (header, value) => {
          const headers = a.signedHeaders("GET", "/v1/policy");
          if (value === "") delete headers[header];
          else headers[header] = value;
          await expect4xx(get(headers), `${header}=${value.slice(0, 40)}`);
        },
      ),
      { numRuns: RUNS },
    );
    // Timestamps: far future, far past, just outside the 5-minute window; another device's key; unknown device.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 6, max: 10_000_000 }), fc.integer({ min: -10_000_000, max: -6 })),
        async (minutes) =>
          expect4xx(
            get(a.signedHeaders("GET", "/v1/policy", new Date(Date.now() + minutes * 60_000))),
            `timestamp ${minutes} min`,
            401,
          ),
      ),
      { numRuns: 30 },
    );
    await expect4xx(
      get({ ...b.signedHeaders("GET", "/v1/policy"), "x-ward-device": a.deviceId }),
      "b's key for a",
      401,
    );
    await expect4xx(
      get({ ...a.signedHeaders("GET", "/v1/policy"), "x-ward-device": "dev_NOSUCHdevice00" }),
      "unknown device",
      401,
    );
    await expect4xx(get(a.signedHeaders("GET", "/v1/policy"), "/v1/policy?x=1"), "path not the one signed", 401);
    await expect4xx(get({}), "no headers", 401);
  });

  // The dashboard's forms have their own generated cases: dashboard-forms.test.ts.

  it("kept serving, and stored nothing", async () => {
    expect(await snapshot()).toEqual(before);
    const health = await rawRequest(server.url, "GET", "/healthz");
    expect(health.status).toBe(200);
    const res = await post(
      "/v1/reports",
      json({ deviceId: a.deviceId, envelopes: [a.full([checkResult("usb-storage", "pass")])] }),
    );
    expect(ReportsResponse.parse(JSON.parse(res.body)).results[0]).toMatchObject({ outcome: "accepted", seq: a.seq });
    expect(tried).toBeGreaterThanOrEqual(500);
    expect(fiveHundreds).toBe(0);
  });

  it("SQL and HTML in valid text fields are stored as text, not run", async () => {
    const d = new FakeDevice("'; DROP TABLE devices; --");
    const body = { ...d.enrollBody(token), agentVersion: "<script>alert(1)</script>" };
    body.inventory = { ...body.inventory, hostname: '" OR 1=1 --<img src=x onerror=alert(1)>' };
    const res = await post("/v1/enroll", json(body));
    expect(res.status, res.body).toBe(200);
    const id = EnrollResponse.parse(JSON.parse(res.body)).deviceId;
    const row = await server.ctx.db.kysely
      .selectFrom("devices")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).toContain("DROP TABLE devices");
    expect(JSON.stringify(row)).toContain("onerror=alert(1)");
    expect((await snapshot()).devices).toBe((before.devices ?? 0) + 1);
  });

  // Was a bug (stored as U+FFFD); fixed by server/http/json-parser.ts, which refuses bodies that are not valid UTF-8.
  it("invalid UTF-8 inside a valid enrolment's text field is refused", async () => {
    const body = json({ ...new FakeDevice().enrollBody(token), agentVersion: "0.1.0-MARK" });
    const bytes = Buffer.from(body, "utf8");
    const at = bytes.indexOf("MARK");
    const bad = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(at + 4)]);
    const res = await post("/v1/enroll", bad);
    expect(res.status, res.body).toBe(400);
  });

  it("a replayed report is answered `duplicate` and stores nothing new", async () => {
    const e = a.full([checkResult("usb-storage", "fail")]);
    const send = () => post("/v1/reports", json({ deviceId: a.deviceId, envelopes: [e] }));
    expect(ReportsResponse.parse(JSON.parse((await send()).body)).results[0]?.outcome).toBe("accepted");
    const after = await snapshot();
    for (let i = 0; i < 5; i++) {
      const r = ReportsResponse.parse(JSON.parse((await send()).body)).results[0];
      expect(r).toMatchObject({ outcome: "duplicate", hash: payloadHash(e) });
    }
    expect(await snapshot()).toEqual(after);
  });
  // Was a bug (accepted, and its date stored); the collector now refuses reports dated more than a day ahead.
  it("a signed report dated 2099 is refused with a 4xx that says the device clock is wrong, and stores nothing", async () => {
    const before = await snapshot();
    const e = a.full([checkResult("hotspot", "pass")], new Date("2099-01-01T00:00:00.000Z"));
    const res = await post("/v1/reports", json({ deviceId: a.deviceId, envelopes: [e] }));
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/clock/);
    expect(await snapshot()).toEqual(before);
  });
});
