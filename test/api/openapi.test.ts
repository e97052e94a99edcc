// /api/openapi.json: OpenAPI 3.1 made from the routes' zod schemas; every registered /api/v1 route is in it, every
// $ref resolves, and real answers validate against the schemas it documents (ajv, JSON Schema 2020-12).
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registeredRoutes } from "../../server/api/route-list.js";
import { createApiToken } from "../../server/api/token-store.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { enrolAndReport } from "../dashboard/support.js";

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
type Json = Record<string, any>;

describe("OpenAPI document", () => {
  let env: TestEnv;
  let doc: Json;
  beforeAll(async () => {
    env = await newEnv("sqlite");
    const res = await env.server.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    doc = JSON.parse(res.body);
  });
  afterAll(async () => env?.close());

  it("is OpenAPI 3.1 and lists exactly the /api/v1 routes the collector registered", () => {
    expect(doc.openapi).toBe("3.1.0");
    const registered = registeredRoutes(env.server.app)
      .filter((r) => r.url.startsWith("/api/v1/") && r.method !== "HEAD")
      .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:([A-Za-z]+)/g, "{$1}")}`)
      .sort();
    const documented = Object.entries(doc.paths as Record<string, Json>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    expect(registered.length).toBeGreaterThanOrEqual(14);
    expect(documented).toEqual(registered);
    for (const ops of Object.values(doc.paths as Record<string, Json>)) {
      for (const op of Object.values(ops)) {
        expect(op.security).toEqual([{ bearer: [] }]);
        expect(op.responses["401"]).toBeDefined();
        if (op["x-ward-write"]) expect(op.responses["403"]).toBeDefined();
      }
    }
  });

  it("resolves every $ref inside the document", () => {
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) k === "$ref" ? refs.push(String(x)) : walk(x);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/components/schemas/"), ref).toBe(true);
      expect(doc.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
    }
  });

  it("documents the answers the API really gives (validated with ajv against the document's schemas)", async () => {
    const { council, token } = await councilWithToken(env);
    const deviceId = await enrolAndReport(env.server, token.token, new FakeDevice(), [
      checkResult("disk-encryption", "fail"),
      checkResult("os-patch", "unknown"),
    ]);
    const api = await createApiToken(
      { db: env.server.ctx.db, clock: env.server.ctx.clock },
      { name: "doc", provider: true, readOnly: false, expires: "1d", createdBy: "test" },
    );
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: "doc", components: doc.components }, "doc");
    const check = async (method: "get" | "post", path: string, url: string, status: string, payload?: object) => {
      const res = await env.server.app.inject({
        method: method.toUpperCase() as "GET",
        url,
        headers: { authorization: `Bearer ${api.token}` },
        ...(payload ? { payload } : {}),
      });
      expect(String(res.statusCode), `${url}: ${res.body}`).toBe(status);
      const schema = doc.paths[path][method].responses[status].content["application/json"].schema;
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
      const ok = ajv.validate(rebased, JSON.parse(res.body));
      expect(ajv.errors ?? [], url).toEqual([]);
      expect(ok).toBe(true);
    };
    await check("get", "/api/v1/councils", "/api/v1/councils", "200");
    await check("get", "/api/v1/councils/{councilId}/devices", `/api/v1/councils/${council.id}/devices`, "200");
    await check("get", "/api/v1/devices/{deviceId}", `/api/v1/devices/${deviceId}`, "200");
    await check("get", "/api/v1/devices/{deviceId}/history", `/api/v1/devices/${deviceId}/history`, "200");
    await check(
      "get",
      "/api/v1/councils/{councilId}/integrity-events",
      `/api/v1/councils/${council.id}/integrity-events`,
      "200",
    );
    const expiresOn = new Date(Date.now() + 86_400_000 * 10).toISOString().slice(0, 10);
    await check("post", "/api/v1/devices/{deviceId}/waivers", `/api/v1/devices/${deviceId}/waivers`, "201", {
      control: "os-patch",
      reason: "r",
      expiresOn,
    });
    await check("get", "/api/v1/devices/{deviceId}", `/api/v1/devices/dev_nope`, "404");
  });
});
