// Several collector instances on one PostgreSQL database: one signing key, one chain, shared nonces, jobs in turn.
import { afterEach, beforeEach, expect, it } from "vitest";
import { EnrollResponse, ReportsResponse } from "../../shared/schemas/api.js";
import { FakeDevice } from "./device.js";
import { bodyOf, councilWithToken, describeDialects, get, newEnv, post, type TestEnv } from "./harness.js";

describeDialects(
  "several instances, one database",
  (dialect) => {
    let a: TestEnv;
    let b: TestEnv;
    beforeEach(async () => {
      a = await newEnv(dialect);
      b = await newEnv(dialect, { dbUrl: a.dbUrl! });
    });
    afterEach(async () => {
      await b.close();
      await a.close();
    });

    it("share the collector key although their data directories differ", async () => {
      expect(b.dataDir).not.toBe(a.dataDir);
      expect(b.server.ctx.key.publicKey).toBe(a.server.ctx.key.publicKey);
    });

    it("accept each seq once when the same envelopes reach both at the same time", async () => {
      const { token } = await councilWithToken(a);
      const device = new FakeDevice();
      device.deviceId = bodyOf(await post(a, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse).deviceId;
      const envelopes = Array.from({ length: 20 }, () => device.full());
      const batch = { deviceId: device.deviceId, envelopes };
      const answers = await Promise.all([
        post(a, "/v1/reports", batch),
        post(b, "/v1/reports", batch),
        post(a, "/v1/reports", batch),
      ]);
      const results = answers.map((r) => bodyOf(r, ReportsResponse).results);
      for (let i = 0; i < envelopes.length; i++) {
        const outcomes = results.map((r) => r[i]!.outcome).sort();
        expect(outcomes).toEqual(["accepted", "duplicate", "duplicate"]);
      }
      const rows = await a.server.ctx.db.kysely
        .selectFrom("ledger")
        .select("seq")
        .where("device_id", "=", device.deviceId)
        .execute();
      expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(envelopes.map((_, i) => i + 1));
    });

    it("refuse a policy request replayed to the other instance", async () => {
      const { token } = await councilWithToken(a);
      const device = new FakeDevice();
      device.deviceId = bodyOf(await post(a, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse).deviceId;
      const headers = device.signedHeaders("GET", "/v1/policy");
      expect((await get(a, "/v1/policy", headers)).status).toBe(200);
      expect((await get(b, "/v1/policy", headers)).status).toBe(401);
    });

    it("take turns at the daily job: only one instance runs it", async () => {
      const ran = await Promise.all([a.server.scheduler.tick(), b.server.scheduler.tick()]);
      expect(ran.flat()).toEqual(["retention"]);
      expect([...(await a.server.scheduler.tick()), ...(await b.server.scheduler.tick())]).toEqual([]);
    });
  },
  ["postgres"],
);
