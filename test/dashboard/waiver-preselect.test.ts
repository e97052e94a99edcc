// "Add a waiver" reached from a failing check's row on the device page starts on that check (?control=), checked
// against the known controls: anything else is ignored and never written back into the page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

const selected = (body: string) => [...body.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);

describe("Add a waiver, from a check's row", () => {
  let env: TestEnv;
  let manager = "";
  let viewer = "";
  let deviceId = "";
  const form = (query: string) => getPage(env.server, `${BASE}/devices/${deviceId}/waivers/new${query}`, manager);

  beforeAll(async () => {
    env = await newEnv("sqlite");
    const c = await councilWithToken(env);
    deviceId = await enrolAndReport(env.server, c.token.token, new FakeDevice(), [
      checkResult("disk-encryption", "fail"),
      checkResult("screen-lock", "pass"),
    ]);
    const m = await readyUser(env.server, "dsfm@council.example", "council-manager", c.council.id);
    manager = (await sessionCookie(env.server, m.user.id)).cookie;
    const v = await readyUser(env.server, "viewer@council.example", "council-viewer", c.council.id);
    viewer = (await sessionCookie(env.server, v.user.id)).cookie;
  });
  afterAll(async () => env?.close());

  it("the failing check's row links to the form for that check (the manager's page only, not a passing row)", async () => {
    const page = (await getPage(env.server, `${BASE}/devices/${deviceId}`, manager)).body;
    const href = `${BASE}/devices/${deviceId}/waivers/new?control=`;
    expect(page).toContain(`<a href="${href}disk-encryption">Waive it until a date</a>`);
    expect(page).not.toContain(`${href}screen-lock`);
    expect((await getPage(env.server, `${BASE}/devices/${deviceId}`, viewer)).body).not.toContain(href);
  });

  it("?control= with a known control starts the form on it", async () => {
    const res = await form("?control=disk-encryption");
    expect(res.statusCode).toBe(200);
    expect(selected(res.body)).toEqual(["disk-encryption"]);
    expect(selected((await form("?control=screen-lock")).body)).toEqual(["screen-lock"]);
    expect(selected((await form("")).body)).toEqual([]);
  });

  it("an unknown, repeated or hostile ?control= is ignored and not echoed", async () => {
    const hostile = '"><script>alert(1)</script>';
    for (const query of [
      "?control=Disk-Encryption",
      "?control=nope",
      "?control=disk-encryption&control=screen-lock",
      `?control=${encodeURIComponent(hostile)}`,
    ]) {
      const res = await form(query);
      expect(res.statusCode, query).toBe(200);
      expect(selected(res.body), query).toEqual([]);
      expect(res.body, query).not.toContain("<script>alert");
      expect(res.body, query).not.toContain("alert(1)");
    }
  });
});
