// POST /v1/enroll on both dialects: tokens (uses, expiry, revocation), the signed policy, re-enrolment.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { open } from "../../shared/crypto/envelope.js";
import { EnrollResponse } from "../../shared/schemas/api.js";
import { Policy } from "../../shared/schemas/policy.js";
import { DAY_MS, manualClock } from "../../server/clock.js";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { createToken, revokeEnrolToken } from "../../server/services/admin.js";
import { approveReenrolment } from "../../server/services/reenrol.js";
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
    const res = await post(env, "/v1/enroll", {
      ...new FakeDevice().enrollBody(token.token),
      publicKey: "x".repeat(44),
    });
    expect(res.status).toBe(400);
    expect(errorOf(res).details?.path).toEqual(["publicKey"]);
  });

  it("a new key for known hardware never replaces the key by itself: it waits for a provider admin, who is alerted at once (issue 14.1)", async () => {
    const { council, token } = await councilWithToken(env);
    await setAlertSettings(env.server.ctx.db.kysely, council.id, {
      recipients: { it: ["it@provider.example"], dsfm: ["dsfm@council.example"] },
    });
    const laptop = new FakeDevice("5CG1234XYZ");
    const first = bodyOf(await post(env, "/v1/enroll", laptop.enrollBody(token.token)), EnrollResponse);
    laptop.deviceId = first.deviceId;
    expect(
      (await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full(undefined, clock.now())] }))
        .status,
    ).toBe(200);
    // An intruder with the council's token, the laptop's serial and maker (on its sticker), and a key of its own.
    const intruder = new FakeDevice("5CG1234XYZ");
    const asked = await post(env, "/v1/enroll", intruder.enrollBody(token.token));
    expect(asked.status).toBe(409);
    const pending = errorOf(asked);
    expect(pending.message).toMatch(/asked to approve the new key/);
    expect(pending.details).toMatchObject({ reenrolment: "pending", deviceId: first.deviceId });
    // Asking again is the same request: no second use of the token, no second alert.
    expect(errorOf(await post(env, "/v1/enroll", intruder.enrollBody(token.token))).details?.requestId).toBe(
      pending.details?.requestId,
    );
    const uses = await env.server.ctx.db.kysely
      .selectFrom("enrol_tokens")
      .select("uses")
      .where("id", "=", token.id)
      .executeTakeFirstOrThrow();
    expect(uses.uses).toBe(2);
    // The real laptop keeps reporting with its own key; the intruder has nothing to report under.
    expect(
      (await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full(undefined, clock.now())] }))
        .status,
    ).toBe(200);
    intruder.deviceId = first.deviceId;
    expect(
      (
        await post(env, "/v1/reports", {
          deviceId: intruder.deviceId,
          envelopes: [intruder.full(undefined, clock.now())],
        })
      ).status,
    ).toBe(401);
    // The IT provider (only) was alerted at once, through the outbox.
    const alerts = await env.server.ctx.db.kysely.selectFrom("alert_outbox").selectAll().execute();
    expect(alerts.map((r) => [r.destination, r.role])).toEqual([["email:it@provider.example", "it"]]);
    expect(alerts[0]!.content_json).toContain("A new key asks to take over this laptop's identity");
    expect((await integrityEvents(env.server.ctx.db.kysely, first.deviceId)).map((e) => e.kind)).toEqual([
      "re-enrol-request",
    ]);
    const device = await env.server.ctx.db.kysely
      .selectFrom("devices")
      .selectAll()
      .where("id", "=", first.deviceId)
      .executeTakeFirstOrThrow();
    expect(device.key_replaced_at).toBeNull();
  });

  it("an approved re-enrolment gives the device its new key: the old key is refused only from then on (issue 14.1)", async () => {
    const { token } = await councilWithToken(env);
    const laptop = new FakeDevice("5CG1234XYZ");
    laptop.deviceId = bodyOf(await post(env, "/v1/enroll", laptop.enrollBody(token.token)), EnrollResponse).deviceId;
    const reinstalled = new FakeDevice("5CG1234XYZ");
    const requestId = String(
      errorOf(await post(env, "/v1/enroll", reinstalled.enrollBody(token.token))).details?.requestId,
    );
    expect(
      (await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full(undefined, clock.now())] }))
        .status,
    ).toBe(200);
    await approveReenrolment(env.server.ctx, requestId, "admin@provider.example");
    expect(
      (await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full(undefined, clock.now())] }))
        .status,
    ).toBe(401);
    const again = bodyOf(await post(env, "/v1/enroll", reinstalled.enrollBody(token.token)), EnrollResponse);
    expect(again.deviceId).toBe(laptop.deviceId);
    reinstalled.deviceId = again.deviceId;
    expect(
      (
        await post(env, "/v1/reports", {
          deviceId: reinstalled.deviceId,
          envelopes: [reinstalled.full(undefined, clock.now())],
        })
      ).status,
    ).toBe(200);
    const events = await integrityEvents(env.server.ctx.db.kysely, laptop.deviceId);
    expect(events.map((e) => e.kind).sort()).toEqual(["re-enrol", "re-enrol-request"]);
    const device = await env.server.ctx.db.kysely
      .selectFrom("devices")
      .selectAll()
      .where("id", "=", laptop.deviceId)
      .executeTakeFirstOrThrow();
    expect(device.key_replaced_at).not.toBeNull();
    await expect(approveReenrolment(env.server.ctx, requestId, "admin@provider.example")).rejects.toThrow(
      /already approved/,
    );
  });

  it("a single-use token issued for the device re-enrols it at once; it enrols nothing else (issue 14.1)", async () => {
    const { token } = await councilWithToken(env);
    const laptop = new FakeDevice("5CG1234XYZ");
    laptop.deviceId = bodyOf(await post(env, "/v1/enroll", laptop.enrollBody(token.token)), EnrollResponse).deviceId;
    const bound = await createToken(
      { db: env.server.ctx.db, clock },
      { council: "", device: laptop.deviceId, expires: "1d", uses: 1 },
    );
    const reinstalled = new FakeDevice("5CG1234XYZ");
    const res = bodyOf(await post(env, "/v1/enroll", reinstalled.enrollBody(bound.token)), EnrollResponse);
    expect([res.deviceId, res.reenrolled]).toEqual([laptop.deviceId, true]);
    expect(
      (await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full(undefined, clock.now())] }))
        .status,
    ).toBe(401);
    const another = new FakeDevice("OTHER-SERIAL-1");
    expect((await post(env, "/v1/enroll", another.enrollBody(bound.token))).status).toBe(401);
  });

  it("a request made before the key was replaced by a device token can no longer be approved (red-team: it swapped the legitimate key out)", async () => {
    const { token } = await councilWithToken(env);
    const laptop = new FakeDevice("5CG1234XYZ");
    laptop.deviceId = bodyOf(await post(env, "/v1/enroll", laptop.enrollBody(token.token)), EnrollResponse).deviceId;
    const intruder = new FakeDevice("5CG1234XYZ");
    const requestId = String(
      errorOf(await post(env, "/v1/enroll", intruder.enrollBody(token.token))).details?.requestId,
    );
    // The clerk's laptop is reinstalled with a token the IT provider issued for this device.
    const bound = await createToken(
      { db: env.server.ctx.db, clock },
      { council: "", device: laptop.deviceId, expires: "1d", uses: 1 },
    );
    const reinstalled = new FakeDevice("5CG1234XYZ");
    reinstalled.deviceId = bodyOf(
      await post(env, "/v1/enroll", reinstalled.enrollBody(bound.token)),
      EnrollResponse,
    ).deviceId;
    await expect(approveReenrolment(env.server.ctx, requestId, "admin@provider.example")).rejects.toThrow(
      /already superseded/,
    );
    expect(
      (
        await post(env, "/v1/reports", {
          deviceId: reinstalled.deviceId,
          envelopes: [reinstalled.full(undefined, clock.now())],
        })
      ).status,
    ).toBe(200);
    intruder.deviceId = laptop.deviceId;
    expect(
      (
        await post(env, "/v1/reports", {
          deviceId: intruder.deviceId,
          envelopes: [intruder.full(undefined, clock.now())],
        })
      ).status,
    ).toBe(401);
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
    const a = bodyOf(
      await post(env, "/v1/enroll", new FakeDevice("To Be Filled By O.E.M.").enrollBody(token.token)),
      EnrollResponse,
    );
    const b = bodyOf(
      await post(env, "/v1/enroll", new FakeDevice("To Be Filled By O.E.M.").enrollBody(token.token)),
      EnrollResponse,
    );
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
