// The re-enrolment request on the provider's overview: approve (admin only), the old key refused only after it (issue 14.1).
import { afterEach, expect, it } from "vitest";
import { EnrollResponse } from "../../shared/schemas/api.js";
import {
  bodyOf,
  councilWithToken,
  describeDialects,
  errorOf,
  newEnv,
  post,
  type TestEnv,
} from "../collector/harness.js";
import { FakeDevice } from "../collector/device.js";
import { BASE, csrfOf, getPage, postForm, readyUser, sessionCookie } from "./support.js";

describeDialects("re-enrolment on the dashboard", (dialect) => {
  let env: TestEnv | undefined;
  afterEach(async () => env?.close());

  it("lists the request for the provider, a technician cannot approve, an admin can; the overview marks the replaced key", async () => {
    env = await newEnv(dialect);
    const { token } = await councilWithToken(env);
    const laptop = new FakeDevice("PF3ABC12");
    laptop.deviceId = bodyOf(await post(env, "/v1/enroll", laptop.enrollBody(token.token)), EnrollResponse).deviceId;
    const reinstalled = new FakeDevice("PF3ABC12");
    reinstalled.inventory.hostname = "clerk-laptop\u202Egnp.exe";
    expect(errorOf(await post(env, "/v1/enroll", reinstalled.enrollBody(token.token))).details?.reenrolment).toBe(
      "pending",
    );
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    const tech = await readyUser(env.server, "tech@provider.example", "provider-technician");
    const a = await sessionCookie(env.server, admin.user.id);
    const t = await sessionCookie(env.server, tech.user.id);
    const overview = await getPage(env.server, `${BASE}/`, a.cookie);
    expect(overview.body).toContain("Re-enrolment requests waiting (1)");
    const requestId = /reenrolments\/(ren_[A-Za-z0-9_-]+)\/approve/.exec(overview.body)?.[1] ?? "";
    expect(requestId).not.toBe("");
    expect(
      (await postForm(env.server, `${BASE}/reenrolments/${requestId}/approve`, t.cookie, { _csrf: t.csrf })).statusCode,
    ).toBe(403);
    // Still the old key until the admin approves.
    expect((await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full()] })).status).toBe(
      200,
    );
    const approved = await postForm(env.server, `${BASE}/reenrolments/${requestId}/approve`, a.cookie, {
      _csrf: csrfOf(overview.body),
    });
    expect(approved.statusCode).toBe(303);
    expect((await post(env, "/v1/reports", { deviceId: laptop.deviceId, envelopes: [laptop.full()] })).status).toBe(
      401,
    );
    const after = await getPage(env.server, `${BASE}/?reenrol=approved`, a.cookie);
    expect(after.body).toContain("New key approved");
    expect(after.body).toContain("key replaced");
    expect(after.body).not.toContain("Re-enrolment requests waiting");
  });
});
