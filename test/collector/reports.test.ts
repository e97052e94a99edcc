// POST /v1/reports on both dialects: accepted, duplicate, gap, fork, stale, forged, foreign key, malformed, oversized.
import { approveReenrolment } from "../../server/services/reenrol.js";
import { afterEach, beforeEach, expect, it } from "vitest";
import { signBytes } from "../../shared/crypto/ed25519.js";
import { payloadHash, seal } from "../../shared/crypto/envelope.js";
import { EnrollResponse, ReportsResponse } from "../../shared/schemas/api.js";
import { integrityEvents } from "../../server/stores/event-store.js";
import { ledgerForDevice, readRawEnvelope } from "../../server/stores/ledger-store.js";
import { checkResult, FakeDevice } from "./device.js";
import { bodyOf, councilWithToken, describeDialects, errorOf, get, newEnv, post, type TestEnv } from "./harness.js";

describeDialects("reports", (dialect) => {
  let env: TestEnv;
  let device: FakeDevice;
  let token: string;
  beforeEach(async () => {
    env = await newEnv(dialect);
    token = (await councilWithToken(env)).token.token;
    device = await enrolled();
  });
  afterEach(async () => env.close());

  async function enrolled(): Promise<FakeDevice> {
    const d = new FakeDevice();
    d.deviceId = bodyOf(await post(env, "/v1/enroll", d.enrollBody(token)), EnrollResponse).deviceId;
    return d;
  }
  const send = (deviceId: string, envelopes: unknown[]) => post(env, "/v1/reports", { deviceId, envelopes });
  const outcomes = async (d: FakeDevice, envelopes: unknown[]) => {
    const res = await send(d.deviceId, envelopes);
    expect(res.status).toBe(200);
    return bodyOf(res, ReportsResponse).results;
  };
  const serving = async () => expect((await get(env, "/healthz")).status).toBe(200);
  const ledger = () => ledgerForDevice(env.server.ctx.db.kysely, device.deviceId);

  it("accepts a chain of reports and answers each envelope with its seq and hash", async () => {
    const a = device.full();
    const b = device.full([checkResult("disk-encryption", "fail")]);
    const results = await outcomes(device, [a, b]);
    expect(results).toEqual([
      { seq: 1, hash: payloadHash(a), outcome: "accepted" },
      { seq: 2, hash: payloadHash(b), outcome: "accepted" },
    ]);
    expect((await ledger()).map((r) => [r.seq, r.outcome, r.chain])).toEqual([
      [1, "accepted", "next"],
      [2, "accepted", "next"],
    ]);
    expect(await readRawEnvelope(env.server.ctx.db.kysely, (await ledger())[1]!.id)).toEqual(b);
  });

  it("answers a replayed envelope as a duplicate and stores nothing twice", async () => {
    const a = device.full();
    const b = device.full();
    await outcomes(device, [a, b]);
    expect((await outcomes(device, [a, b])).map((r) => r.outcome)).toEqual(["duplicate", "duplicate"]);
    expect(await ledger()).toHaveLength(2);
  });

  it("processes a batch in seq order and answers in the order sent", async () => {
    const a = device.full();
    const b = device.full();
    const results = await outcomes(device, [b, a]);
    expect(results.map((r) => [r.seq, r.outcome])).toEqual([
      [2, "accepted"],
      [1, "accepted"],
    ]);
  });

  it("accepts a report after a gap and records a gap integrity event", async () => {
    await outcomes(device, [device.full()]);
    device.lose(3);
    const results = await outcomes(device, [device.full()]);
    expect(results[0]).toMatchObject({ seq: 5, outcome: "accepted", reason: expect.stringMatching(/^gap: 3 report/) });
    const events = await integrityEvents(env.server.ctx.db.kysely, device.deviceId);
    expect(events.map((e) => [e.kind, e.seq, JSON.parse(e.detail_json).missing])).toEqual([["gap", 5, 3]]);
  });

  it("marks a gap explained by a spool-drop report", async () => {
    await outcomes(device, [device.full()]);
    device.lose(2);
    await outcomes(device, [device.spoolDrop(2, 3)]);
    const kinds = (await integrityEvents(env.server.ctx.db.kysely, device.deviceId)).map((e) => [
      e.kind,
      JSON.parse(e.detail_json).explainedBySpoolDrop ?? null,
    ]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["gap", true],
        ["spool-drop", null],
      ]),
    );
  });

  it("rejects a fork (same seq, other content), records one integrity event, and keeps the first", async () => {
    const a = device.full();
    await outcomes(device, [a]);
    const fork = device.seal({
      ...device.report({ kind: "heartbeat", resultsHash: "0".repeat(64) }),
      seq: 1,
      prevHash: null,
    });
    const first = await outcomes(device, [fork]);
    expect(first[0]).toMatchObject({ seq: 1, outcome: "rejected", reason: expect.stringMatching(/^fork:/) });
    await outcomes(device, [fork]);
    const events = await integrityEvents(env.server.ctx.db.kysely, device.deviceId);
    expect(events.map((e) => e.kind)).toEqual(["fork"]);
    expect((await ledger()).map((r) => [r.seq, r.outcome, r.hash])).toEqual(
      expect.arrayContaining([
        [1, "accepted", payloadHash(a)],
        [1, "rejected", payloadHash(fork)],
      ]),
    );
  });

  it("rejects a next seq that does not link to the stored one as a fork", async () => {
    await outcomes(device, [device.full()]);
    device.prevHash = "f".repeat(64);
    const [r] = await outcomes(device, [device.full()]);
    expect(r).toMatchObject({ seq: 2, outcome: "rejected", reason: expect.stringMatching(/does not link/) });
  });

  it("answers an old envelope it still has as a duplicate, and an unknown old one as rejected (stale)", async () => {
    const a = device.full();
    await outcomes(device, [a, device.full(), device.full()]);
    expect((await outcomes(device, [a]))[0]!.outcome).toBe("duplicate");
    const other = device.seal({
      ...device.report({ kind: "heartbeat", resultsHash: "1".repeat(64) }),
      seq: 2,
      prevHash: payloadHash(a),
    });
    expect((await outcomes(device, [other]))[0]!.outcome).toBe("rejected");
  });

  it("refuses a forged signature with 401 and stores nothing from the batch", async () => {
    const good = device.full();
    const forged = device.full();
    forged.payload = forged.payload.replace('"pass"', '"fail"');
    const res = await send(device.deviceId, [good, forged]);
    expect(res.status).toBe(401);
    expect(errorOf(res)).toMatchObject({ code: "signature_invalid", details: { index: 1 } });
    expect(errorOf(res).message).toMatch(/envelopes\[1\].*altered or forged/);
    expect(await ledger()).toHaveLength(0);
    await serving();
  });

  it("refuses envelopes signed by another device's key with 401", async () => {
    const other = await enrolled();
    const theirs = other.full();
    const mine = device.seal(JSON.parse(theirs.payload));
    const wrongKey = { ...seal({ ...JSON.parse(device.full().payload) }, other.keys) };
    for (const [deviceId, envelope] of [
      [device.deviceId, wrongKey],
      [device.deviceId, theirs],
    ] as const) {
      const res = await send(deviceId, [envelope]);
      expect(res.status).toBe(401);
      expect(errorOf(res).message).toMatch(/different key/);
    }
    // Signed by this device, but a report of the other: 403.
    const res = await send(device.deviceId, [mine]);
    expect([res.status, errorOf(res).code]).toEqual([403, "forbidden"]);
    await serving();
  });

  it("refuses an unknown device with 404, and a key that was never enrolled", async () => {
    const stranger = new FakeDevice();
    stranger.deviceId = "dev_AAAAAAAAAAAAAAAAAAAAAA";
    const res = await send(stranger.deviceId, [stranger.full()]);
    expect([res.status, errorOf(res).code]).toEqual([404, "not_found"]);
    expect(errorOf(res).message).toMatch(/not enrolled/);
  });

  it("refuses malformed bodies and envelopes with 400 naming the bad field", async () => {
    const cases: [unknown, RegExp][] = [
      [{ deviceId: device.deviceId }, /envelopes/],
      [{ deviceId: "laptop-1", envelopes: [device.full()] }, /deviceId/],
      [
        { deviceId: device.deviceId, envelopes: [{ payload: "{}", signature: "x", keyId: "k1_x" }] },
        /envelopes\[0\]\.signature/,
      ],
      [{ deviceId: device.deviceId, envelopes: [] }, /envelopes/],
    ];
    for (const [body, where] of cases) {
      const res = await post(env, "/v1/reports", body);
      expect(res.status).toBe(400);
      expect(errorOf(res).message).toMatch(where);
    }
    const notCanonical = device.seal({});
    const spacedPayload = ' { "a": 1 } ';
    const spaced = {
      ...notCanonical,
      payload: spacedPayload,
      signature: signBytes(Buffer.from(spacedPayload), device.keys.privateKey),
    };
    const badSchema = await send(device.deviceId, [notCanonical]);
    expect([badSchema.status, errorOf(badSchema).code]).toEqual([400, "schema_invalid"]);
    const nonCanonical = await send(device.deviceId, [spaced]);
    expect([nonCanonical.status, errorOf(nonCanonical).code]).toEqual([400, "canonical_invalid"]);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const deepEnvelope = {
      ...notCanonical,
      payload: deep,
      signature: signBytes(Buffer.from(deep), device.keys.privateKey),
    };
    const tooDeep = await send(device.deviceId, [deepEnvelope]);
    expect([tooDeep.status, errorOf(tooDeep).code]).toEqual([400, "canonical_invalid"]);
    // A lone UTF-16 surrogate, escaped as canonical JSON writes one, signed by the device: RFC 8785 input must not
    // hold one, so the envelope is refused as not canonical.
    const lonePayload = device.full().payload.replace('"agentVersion":"0.1.0"', '"agentVersion":"0.1.0\\ud800"');
    expect(lonePayload).toContain("\\ud800");
    const lone = await send(device.deviceId, [
      { ...notCanonical, payload: lonePayload, signature: signBytes(Buffer.from(lonePayload), device.keys.privateKey) },
    ]);
    expect([lone.status, errorOf(lone).code]).toEqual([400, "canonical_invalid"]);
    expect(errorOf(lone).message).toMatch(/lone UTF-16 surrogate/);
    const raw = await env.server.app.inject({
      method: "POST",
      url: "/v1/reports",
      payload: '{"deviceId": ',
      headers: { "content-type": "application/json" },
    });
    expect(raw.statusCode).toBe(400);
    await serving();
  });

  it("refuses an oversized body with 413 and a batch over the limit with 413", async () => {
    const big = await env.server.app.inject({
      method: "POST",
      url: "/v1/reports",
      payload: JSON.stringify({ deviceId: device.deviceId, envelopes: [], pad: "x".repeat(3 * 1024 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(big.statusCode).toBe(413);
    const many = Array.from({ length: 101 }, () => device.full());
    const res = await send(device.deviceId, many);
    expect([res.status, errorOf(res).code]).toEqual([413, "too_large"]);
    expect(errorOf(res).message).toMatch(/at most 100/);
    await serving();
  });

  it("stores hostile text (NUL, lone surrogates) without failing, keeping the signed original as evidence", async () => {
    const d = await enrolled();
    const odd = { ...d.inventory, hostname: "lap\u0000top\ud800" };
    const report = { ...d.report({ kind: "heartbeat", resultsHash: "3".repeat(64) }), inventory: odd };
    const [r] = await outcomes(d, [d.send(report)]);
    expect(r!.outcome).toBe("accepted");
    const row = await env.server.ctx.db.kysely
      .selectFrom("devices")
      .selectAll()
      .where("id", "=", d.deviceId)
      .executeTakeFirstOrThrow();
    expect(row.hostname.startsWith("lap\uFFFDtop")).toBe(true);
    const enrolOdd = new FakeDevice();
    Object.assign(enrolOdd.inventory, { serial: "\u0000\u0000\u0000", model: "x\u0000" });
    expect((await post(env, "/v1/enroll", enrolOdd.enrollBody(token))).status).toBe(200);
  });

  it("keeps current state per control and a history of status changes only", async () => {
    const disk = (s: "pass" | "fail") => [checkResult("disk-encryption", s), checkResult("screen-lock", "pass")];
    await outcomes(device, [device.full(disk("pass")), device.full(disk("pass")), device.full(disk("fail"))]);
    const q = env.server.ctx.db.kysely;
    const current = await q
      .selectFrom("current_results")
      .selectAll()
      .where("device_id", "=", device.deviceId)
      .execute();
    expect(current.map((c) => [c.control, c.status]).sort()).toEqual([
      ["disk-encryption", "fail"],
      ["screen-lock", "pass"],
    ]);
    const changes = await q.selectFrom("status_changes").selectAll().where("device_id", "=", device.deviceId).execute();
    expect(changes.map((c) => [c.control, c.from_status, c.to_status]).sort()).toEqual([
      ["disk-encryption", null, "pass"],
      ["disk-encryption", "pass", "fail"],
      ["screen-lock", null, "pass"],
    ]);
  });

  it("stores a heartbeat as 'still the same', and flags one naming unknown results", async () => {
    await outcomes(device, [device.full()]);
    const later = new Date(Date.now() + 60_000);
    const [beat] = await outcomes(device, [device.heartbeat(undefined, later)]);
    expect(beat).toMatchObject({ outcome: "accepted" });
    expect(beat!.reason).toBeUndefined();
    const q = env.server.ctx.db.kysely;
    const row = await q.selectFrom("devices").selectAll().where("id", "=", device.deviceId).executeTakeFirstOrThrow();
    expect(row.results_confirmed_at).toBe(later.toISOString());
    expect(
      await q.selectFrom("status_changes").selectAll().where("device_id", "=", device.deviceId).execute(),
    ).toHaveLength(1);
    const [odd] = await outcomes(device, [device.heartbeat("2".repeat(64))]);
    expect(odd).toMatchObject({ outcome: "accepted", reason: expect.stringMatching(/send a full report/) });
    const events = await integrityEvents(q, device.deviceId);
    expect(events.map((e) => e.kind)).toEqual(["heartbeat-mismatch"]);
  });

  it("after re-enrolment, accepts the new key's chain from seq 1 and refuses the old key", async () => {
    const old = new FakeDevice("SERIAL-REENROL");
    old.deviceId = bodyOf(await post(env, "/v1/enroll", old.enrollBody(token)), EnrollResponse).deviceId;
    await outcomes(old, [old.full(), old.full()]);
    const staleEnvelope = old.full();
    old.rotateKey();
    const asked = await post(env, "/v1/enroll", old.enrollBody(token));
    await approveReenrolment(env.server.ctx, String(errorOf(asked).details?.requestId), "admin@provider.example");
    bodyOf(await post(env, "/v1/enroll", old.enrollBody(token)), EnrollResponse);
    expect((await send(old.deviceId, [staleEnvelope])).status).toBe(401);
    expect((await outcomes(old, [old.full()]))[0]).toMatchObject({ seq: 1, outcome: "accepted" });
  });

  it("counts ingest outcomes in /metrics", async () => {
    const a = device.full();
    await outcomes(device, [a]);
    await outcomes(device, [a]);
    const text = String((await get(env, "/metrics")).body);
    expect(text).toMatch(/ward_ingest_envelopes_total\{outcome="accepted"\} 1/);
    expect(text).toMatch(/ward_ingest_envelopes_total\{outcome="duplicate"\} 1/);
    expect(text).toMatch(/ward_http_requests_total\{method="POST",route="\/v1\/reports",status="200"\} 2/);
    expect(text).toMatch(/ward_ingest_queue_envelopes 0/);
    expect(text).toMatch(/ward_integrity_events_open 0/);
  });
});
