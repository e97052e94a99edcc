// Waivers: one in force silences a device's control until it expires or is revoked; expiring ones are listed.
import { afterEach, expect, it } from "vitest";
import { DAY_MS } from "../../server/clock.js";
import {
  activeWaiver,
  insertWaiver,
  listWaivers,
  revokeWaiver,
  waiversExpiring,
} from "../../server/stores/waiver-store.js";
import { EnrollResponse } from "../../shared/schemas/api.js";
import { FakeDevice } from "./device.js";
import { bodyOf, councilWithToken, describeDialects, newEnv, post, type TestEnv } from "./harness.js";

async function enrolDevice(env: TestEnv) {
  const { council, token } = await councilWithToken(env);
  const res = bodyOf(await post(env, "/v1/enroll", new FakeDevice().enrollBody(token.token)), EnrollResponse);
  return { councilId: council.id, deviceId: res.deviceId };
}

describeDialects("waivers", (dialect) => {
  let env: TestEnv | undefined;
  afterEach(async () => env?.close());

  it("is in force until it expires or is revoked", async () => {
    env = await newEnv(dialect);
    const device = await enrolDevice(env);
    const q = env.server.ctx.db.kysely;
    const now = new Date("2026-11-22T10:00:00Z");
    const w = await insertWaiver(q, {
      councilId: device.councilId,
      deviceId: device.deviceId,
      control: "screen-lock",
      reason: "Kiosk laptop in the council chamber",
      approvedBy: "dsfm@wellington.example",
      expiresAt: new Date(now.getTime() + 7 * DAY_MS),
      now,
    });
    expect((await activeWaiver(q, device.deviceId, "screen-lock", now))?.id).toBe(w.id);
    expect(await activeWaiver(q, device.deviceId, "hotspot", now)).toBeUndefined();
    expect(await activeWaiver(q, device.deviceId, "screen-lock", new Date(now.getTime() + 8 * DAY_MS))).toBeUndefined();
    expect(
      (await waiversExpiring(q, device.councilId, now, new Date(now.getTime() + 7 * DAY_MS))).map((r) => r.id),
    ).toEqual([w.id]);
    await revokeWaiver(q, w.id, "dsfm@wellington.example", now);
    expect(await activeWaiver(q, device.deviceId, "screen-lock", now)).toBeUndefined();
    expect((await listWaivers(q, { deviceId: device.deviceId }))[0]?.revoked_by).toBe("dsfm@wellington.example");
  });
});
