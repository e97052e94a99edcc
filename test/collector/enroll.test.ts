// POST /v1/enroll on both dialects: tokens (uses, expiry, revocation), the signed policy, re-enrolment.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { open } from "../../shared/crypto/envelope.js";
import { EnrollResponse } from "../../shared/schemas/api.js";
import { Policy } from "../../shared/schemas/policy.js";
import { DAY_MS, manualClock } from "../../server/clock.js";
import { revokeEnrolToken } from "../../server/services/admin.js";
import { integrityEvents } from "../../server/stores/event-store.js";
import { FakeDevice } from "./device.js";
import { bodyOf, councilWithToken, describeDialects, errorOf, newEnv, post, type TestEnv } from "./harness.js";

describeDialects("enrolment", (dialect) => {
  let env: TestEnv;
  const clock = manualClock("2026-11-22T09:00:00.000Z");
  beforeEach(async () => {
    clock.set("2026-11-22T09:00:00.000Z");
    env = await newEnv(dialect, { clock });
  });
  afterEach(async () => env.close());

  it("enrols a device in the token's council and returns the collector key and a policy signed by it", async () => {
    const { council, token } = await councilWithToken(env);
    const device = new FakeDevice();
    const res = await post(env, "/v1/enroll", device.enrollBody(token.token));
    expect(res.status).toBe(200);
    const body = bodyOf(res, EnrollResponse);
    expect(body.deviceId).toMatch(/^dev_[A-Za-z0-9_-]{22}$/);
    expect(body.councilId).toBe(council.id);
    expect(body.councilName).toBe(council.name);
    expect(body.collectorPublicKey).toBe(env.server.ctx.key.publicKey);
    expect(body.reenrolled).toBe(false);
    const policy = open(body.policy, body.collectorPublicKey, Policy);
    expect(policy.screenLockMaxMinutes).toBe(30);
    expect(policy.issuedAt).toBe(council.created_at);
  });

  it("stores only a hash of the token, and counts each use", async () => {
    const { token } = await councilWithToken(env, 2);
    const rows = await env.server.ctx.db.kysely.selectFrom("enrol_tokens").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.token);
    expect((await post(env, "/v1/enroll", new FakeDevice().enrollBody(token.token))).status).toBe(200);
    expect((await post(env, "/v1/enroll", new FakeDevice().enrollBody(token.token))).status).toBe(200);
    const third = await post(env, "/v1/enroll", new FakeDevice().enrollBody(token.token));
    expect(third.status).toBe(401);
    expect(errorOf(third).message).toMatch(/no uses left.*new token/);
  });

  it("refuses an expired, a revoked and an unknown token with 401, and a malformed one with 400", async () => {
    const { token } = await councilWithToken(env, 5, "1d");
    const second = await councilWithToken(env);
    await revokeEnrolToken({ db: env.server.ctx.db, clock }, second.token.id);
    const revoked = await post(env, "/v1/enroll", new FakeDevice().enrollBody(second.token.token));
    expect([revoked.status, errorOf(revoked).message]).toEqual([401, expect.stringMatching(/revoked/)]);
    const unknown = await post(env, "/v1/enroll", new FakeDevice().enrollBody(`wet_${"A".repeat(43)}`));
    expect([unknown.status, errorOf(unknown).message]).toEqual([401, expect.stringMatching(/not known/)]);
    const malformed = await post(env, "/v1/enroll", { ...new FakeDevice().enrollBody("letmein") });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).details?.path).toEqual(["token"]);
    clock.advance(DAY_MS + 1);
    const expired = await post(env, "/v1/enroll", new FakeDevice().enrollBody(token.token));
    expect([expired.status, errorOf(expired).message]).toEqual([401, expect.stringMatching(/expired/)]);
  });

  it("refuses a public key that is not a raw 32-byte key, naming the field", async () => {
    const { token } = await councilWithToken(env);
    const res = await post(env, "/v1/enroll", { ...new FakeDevice().enrollBody(token.token), publicKey: "x".repeat(44) });
    expect(res.status).toBe(400);
    expect(errorOf(res).details?.path).toEqual(["publicKey"]);
  });

  it("re-enrols the same hardware with a new key under the same device id, and records it", async () => {
    const { token } = await councilWithToken(env);
    const device = new FakeDevice("5CG1234XYZ");
    const first = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse);
    device.rotateKey();
    const again = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse);
    expect(again.deviceId).toBe(first.deviceId);
    expect(again.reenrolled).toBe(true);
    const events = await integrityEvents(env.server.ctx.db.kysely, first.deviceId);
    expect(events.map((e) => e.kind)).toEqual(["re-enrol"]);
    const enrolments = await env.server.ctx.db.kysely.selectFrom("enrolments").selectAll().execute();
    expect(enrolments.map((e) => e.kind).sort()).toEqual(["new", "re-enrol"]);
  });

  it("re-enrolment needs a valid token", async () => {
    const { token } = await councilWithToken(env);
    const device = new FakeDevice("5CG1234XYZ");
    await post(env, "/v1/enroll", device.enrollBody(token.token));
    await revokeEnrolToken({ db: env.server.ctx.db, clock }, token.id);
    device.rotateKey();
    expect((await post(env, "/v1/enroll", device.enrollBody(token.token))).status).toBe(401);
  });

  it("treats a retry with the same key as the same enrolment, without using the token again", async () => {
    const { token } = await councilWithToken(env, 1);
    const device = new FakeDevice("5CG1234XYZ");
    const first = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse);
    const retry = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse);
    expect(retry.deviceId).toBe(first.deviceId);
    expect(retry.reenrolled).toBe(false);
  });

  it("does not match hardware by a placeholder serial", async () => {
    const { token } = await councilWithToken(env);
    const a = bodyOf(await post(env, "/v1/enroll", new FakeDevice("To Be Filled By O.E.M.").enrollBody(token.token)), EnrollResponse);
    const b = bodyOf(await post(env, "/v1/enroll", new FakeDevice("To Be Filled By O.E.M.").enrollBody(token.token)), EnrollResponse);
    expect(a.deviceId).not.toBe(b.deviceId);
  });

  it("refuses a key already enrolled as another device (a cloned disk image)", async () => {
    const { token } = await councilWithToken(env);
    const a = new FakeDevice();
    await post(env, "/v1/enroll", a.enrollBody(token.token));
    const clone = new FakeDevice();
    clone.keys = a.keys;
    const res = await post(env, "/v1/enroll", clone.enrollBody(token.token));
    expect(res.status).toBe(409);
    expect(errorOf(res).message).toMatch(/already enrolled/);
  });
});

describe("collector key", () => {
  it("is generated once, kept in the data directory and the database, and reused on restart", async () => {
    const env = await newEnv("sqlite");
    const first = env.server.ctx.key.publicKey;
    await env.server.close();
    const { createServer } = await import("../../server/main.js");
    const again = await createServer(env.config, { logger: (await import("../../shared/logger.js")).silentLogger });
    expect(again.ctx.key.publicKey).toBe(first);
    await again.close();
    await env.close();
  });
});
