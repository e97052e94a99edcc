// Words and errors (issue 17 item 6): a waiver form that keeps what was typed, "Why Ward could not tell" only under
// unknown results, and the printed report's headline figure, no first-report noise, USB approvals by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

const REASON = "Presentation laptop for the council chamber";

describe("dashboard words and forms", () => {
  let env: TestEnv;
  let cookie = "";
  let csrf = "";
  let councilId = "";
  let deviceId = "";

  beforeAll(async () => {
    env = await newEnv("sqlite");
    const c = await councilWithToken(env);
    councilId = c.council.id;
    const failWithErrors: CheckResult = {
      ...checkResult("disk-encryption", "fail"),
      probeErrors: [{ probe: "linux.lsblk", error: "spawn lsblk ENOENT" }],
    };
    const unknown: CheckResult = {
      ...checkResult("screen-lock", "unknown"),
      probeErrors: [{ probe: "linux.gsettings", error: "spawn gsettings ENOENT" }],
    };
    deviceId = await enrolAndReport(env.server, c.token.token, new FakeDevice(), [failWithErrors, unknown]);
    const good = new FakeDevice();
    good.inventory.hostname = "chair-laptop";
    await enrolAndReport(env.server, c.token.token, good, [checkResult("disk-encryption", "pass")]);
    // A later report changes the good laptop's result: one real change in the period.
    await env.server.app.inject({
      method: "POST",
      url: "/v1/reports",
      payload: { deviceId: good.deviceId, envelopes: [good.full([checkResult("disk-encryption", "fail")])] },
    });
    await env.server.app.inject({
      method: "POST",
      url: "/v1/reports",
      payload: { deviceId: good.deviceId, envelopes: [good.full([checkResult("disk-encryption", "pass")])] },
    });
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    ({ cookie, csrf } = await sessionCookie(env.server, admin.user.id));
  });
  afterAll(async () => env?.close());

  it("a waiver over a year comes back as the form, the reason kept and a message in the page's words", async () => {
    const far = new Date(env.server.ctx.clock.now().getTime() + 400 * 86_400_000).toISOString().slice(0, 10);
    const res = await postForm(env.server, `${BASE}/devices/${deviceId}/waivers`, cookie, {
      _csrf: csrf,
      control: "screen-lock",
      reason: REASON,
      expires: far,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`value="${REASON}"`);
    expect(res.body).toContain(`value="${far}"`);
    expect(res.body).toMatch(/<option value="screen-lock" selected>/);
    expect(res.body).toMatch(/A waiver can last at most a year: choose a date on or before \d{4}-\d{2}-\d{2}/);
    expect(res.body).toContain('id="expires" name="expires" type="date" required');
    expect(res.body).toMatch(/aria-invalid="true" aria-describedby="expires-error"/);
    expect(res.body).not.toContain("Error 400");
    expect(res.body).not.toContain("Back to the overview");
    // The same form takes a date inside the year.
    const ok = new Date(env.server.ctx.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const saved = await postForm(env.server, `${BASE}/devices/${deviceId}/waivers`, cookie, {
      _csrf: csrf,
      control: "screen-lock",
      reason: REASON,
      expires: ok,
    });
    expect(saved.statusCode).toBe(303);
    const empty = await postForm(env.server, `${BASE}/devices/${deviceId}/waivers`, cookie, {
      _csrf: csrf,
      control: "disk-encryption",
      reason: "",
      expires: ok,
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("Write why this laptop may fail this control for now.");
    expect(empty.body).toContain(`value="${ok}"`);
  });

  it("the device form has a latest date; the device page says 'Why Ward could not tell' only under unknown", async () => {
    const page = await getPage(env.server, `${BASE}/devices/${deviceId}`, cookie);
    expect(page.body).toMatch(/id="expires" name="expires" type="date" required min="[\d-]+" max="[\d-]+"/);
    expect(page.body.match(/Why Ward could not tell/g)).toHaveLength(1);
    const unknownSection = /id="control-screen-lock"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? "";
    expect(unknownSection).toContain("Why Ward could not tell");
    const failSection = /id="control-disk-encryption"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? "";
    expect(failSection).not.toContain("Why Ward could not tell");
  });

  it("the report has a headline figure, one line for first reports, and USB approvals by name and reason", async () => {
    const approved = await postForm(env.server, `${BASE}/councils/${councilId}/approvals`, cookie, {
      _csrf: csrf,
      vendorId: "0781",
      productId: "558c",
      serial: "4C530001230918102452",
      label: "SanDisk Extreme SSD",
      reason: "The clerk's backup drive for the minutes",
    });
    expect(approved.statusCode).toBe(303);
    const report = await getPage(env.server, `${BASE}/councils/${councilId}/report`, cookie);
    expect(report.statusCode).toBe(200);
    expect(report.body).toMatch(/<strong>1 of 2 laptops met the policy on \d{1,2} [A-Z][a-z]+ \d{4}<\/strong>/);
    expect(report.body).toContain("2 laptops reported for the first time in the period");
    expect(report.body).not.toMatch(/· No result<\/span> →/);
    const changes = /<h2>Changes in the period<\/h2>[\s\S]*?<h2>/.exec(report.body)?.[0] ?? "";
    expect(changes.match(/<li>/g)).toHaveLength(2); // pass → fail → pass on the chair's laptop
    expect(report.body).toContain(
      "approved: <strong>SanDisk Extreme SSD</strong>, serial 4C530001230918102452, because: The clerk&#39;s backup drive for the minutes",
    );
    expect(report.body).not.toMatch(/approved 0781:558c/);
  });

  it("report dates the wrong way round bring back the form with the dates typed and what to change", async () => {
    const res = await getPage(env.server, `${BASE}/councils/${councilId}/report?from=2026-11-20&to=2026-11-01`, cookie);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("Choose a start date on or before the end date: 2026-11-20 is after 2026-11-01.");
    expect(res.body).toContain('value="2026-11-20" aria-invalid="true"');
    expect(res.body).toContain('value="2026-11-01" aria-invalid="true"');
    expect(res.body).not.toContain("Error 400");
  });
});
