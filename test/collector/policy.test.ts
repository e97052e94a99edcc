// GET /v1/policy on both dialects: device-signed requests; stale, replayed, forged and unknown ones are refused.
import { afterEach, beforeEach, expect, it } from "vitest";
import { open } from "../../shared/crypto/envelope.js";
import { EnrollResponse, PolicyResponse } from "../../shared/schemas/api.js";
import { Policy } from "../../shared/schemas/policy.js";
import { manualClock } from "../../server/clock.js";
import { setCouncilPolicy, updateCouncilPolicy } from "../../server/services/admin.js";
import { FakeDevice } from "./device.js";
import { bodyOf, councilWithToken, describeDialects, errorOf, get, newEnv, post, type TestEnv } from "./harness.js";

describeDialects("signed policy requests", (dialect) => {
  let env: TestEnv;
  let device: FakeDevice;
  const clock = manualClock("2026-11-22T09:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-11-22T09:00:00.000Z");
    env = await newEnv(dialect, { clock });
    const { token } = await councilWithToken(env);
    device = new FakeDevice();
    device.deviceId = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse).deviceId;
  });
  afterEach(async () => env.close());

  it("answers the council's policy, signed by the collector key", async () => {
    const res = await get(env, "/v1/policy", device.signedHeaders("GET", "/v1/policy", clock.now()));
    expect(res.status).toBe(200);
    const policy = open(bodyOf(res, PolicyResponse).policy, env.server.ctx.key.publicKey, Policy);
    expect(policy.version).toBe(1);
  });

  it("answers the new policy, version +1, after the IT provider replaces it; refuses unknown or bad fields", async () => {
    const council = (
      await env.server.ctx.db.kysely.selectFrom("devices").select("council_id").executeTakeFirstOrThrow()
    ).council_id;
    clock.advance(60_000);
    await setCouncilPolicy({ db: env.server.ctx.db, clock }, council, { screenLockMaxMinutes: 10, version: 99 });
    const res = await get(env, "/v1/policy", device.signedHeaders("GET", "/v1/policy", clock.now()));
    const policy = open(bodyOf(res, PolicyResponse).policy, env.server.ctx.key.publicKey, Policy);
    expect([policy.version, policy.screenLockMaxMinutes, policy.issuedAt]).toEqual([2, 10, clock.now().toISOString()]);
    const deps = { db: env.server.ctx.db, clock };
    await expect(setCouncilPolicy(deps, council, { screenlockMaxMinutes: 10 })).rejects.toThrow(
      /not a valid Ward policy/,
    );
    await expect(setCouncilPolicy(deps, council, { screenLockMaxMinutes: 0 })).rejects.toThrow(/screenLockMaxMinutes/);
    await expect(setCouncilPolicy(deps, council, [])).rejects.toThrow(/JSON object/);
  });

  it("does not store a council id given in the policy: the served policy names the device's own council", async () => {
    const council = (
      await env.server.ctx.db.kysely.selectFrom("devices").select("council_id").executeTakeFirstOrThrow()
    ).council_id;
    const other = (await councilWithToken(env)).council.id;
    const deps = { db: env.server.ctx.db, clock };
    const saved = await updateCouncilPolicy(deps, council, (p) => ({
      ...p,
      councilId: other,
      screenLockMaxMinutes: 10,
    }));
    expect(JSON.parse(saved.policy_json)).not.toHaveProperty("councilId");
    const row = await env.server.ctx.db.kysely
      .selectFrom("councils")
      .select("policy_json")
      .where("id", "=", council)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.policy_json)).not.toHaveProperty("councilId");
    expect(JSON.parse(row.policy_json)).toMatchObject({ version: 2, screenLockMaxMinutes: 10 });
    const res = await get(env, "/v1/policy", device.signedHeaders("GET", "/v1/policy", clock.now()));
    const policy = open(bodyOf(res, PolicyResponse).policy, env.server.ctx.key.publicKey, Policy);
    expect(policy).toMatchObject({ councilId: council, version: 2, screenLockMaxMinutes: 10 });
  });

  it("refuses a replayed request (same nonce), even a minute later", async () => {
    const headers = device.signedHeaders("GET", "/v1/policy", clock.now());
    expect((await get(env, "/v1/policy", headers)).status).toBe(200);
    clock.advance(60_000);
    const replay = await get(env, "/v1/policy", headers);
    expect(replay.status).toBe(401);
    expect(errorOf(replay).message).toMatch(/already received/);
  });

  it("refuses a request signed more than five minutes away from the collector's clock", async () => {
    const old = device.signedHeaders("GET", "/v1/policy", new Date(clock.now().getTime() - 6 * 60_000));
    const res = await get(env, "/v1/policy", old);
    expect([res.status, errorOf(res).message]).toEqual([401, expect.stringMatching(/check the device's clock/)]);
    const future = device.signedHeaders("GET", "/v1/policy", new Date(clock.now().getTime() + 6 * 60_000));
    expect((await get(env, "/v1/policy", future)).status).toBe(401);
  });

  it("refuses a signature by another key, or over another path or method", async () => {
    const other = new FakeDevice();
    other.deviceId = device.deviceId;
    const res = await get(env, "/v1/policy", other.signedHeaders("GET", "/v1/policy", clock.now()));
    expect([res.status, errorOf(res).code]).toEqual([401, "signature_invalid"]);
    const wrongPath = await get(env, "/v1/policy", device.signedHeaders("GET", "/v1/policy?x=1", clock.now()));
    expect(wrongPath.status).toBe(401);
    const wrongMethod = await get(env, "/v1/policy", device.signedHeaders("POST", "/v1/policy", clock.now()));
    expect(wrongMethod.status).toBe(401);
  });

  it("refuses a request without the headers, or from an unknown device", async () => {
    const bare = await get(env, "/v1/policy");
    expect([bare.status, errorOf(bare).message]).toEqual([401, expect.stringMatching(/x-ward-device/)]);
    const stranger = new FakeDevice();
    stranger.deviceId = "dev_AAAAAAAAAAAAAAAAAAAAAA";
    const res = await get(env, "/v1/policy", stranger.signedHeaders("GET", "/v1/policy", clock.now()));
    expect([res.status, errorOf(res).message]).toEqual([401, expect.stringMatching(/not enrolled/)]);
    const headers = {
      ...device.signedHeaders("GET", "/v1/policy", clock.now()),
      "x-ward-signature": "not-a-signature",
    };
    const malformed = await get(env, "/v1/policy", headers);
    expect([malformed.status, errorOf(malformed).message]).toEqual([
      401,
      expect.stringMatching(/x-ward-signature header is malformed/),
    ]);
  });
});
