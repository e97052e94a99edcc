// Bidi and invisible format characters in device text are shown as their codes on pages and in CSV, dropped in email (issue 14.10).
import { afterAll, beforeAll, expect, it } from "vitest";
import { oneLine, plainText } from "../../server/alerts/neutralise.js";
import { escapeHtml } from "../../server/dashboard/html.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

const TRICK = "invoice\u202Egnp.exe\u2066x\u2069\u200E\u200F\u061C";

describeDialects("bidi in device text", (dialect) => {
  let env: TestEnv;
  let councilId = "";
  let deviceId = "";
  let cookie = "";
  beforeAll(async () => {
    env = await newEnv(dialect);
    const { council, token } = await councilWithToken(env);
    councilId = council.id;
    const d = new FakeDevice();
    d.inventory.hostname = TRICK;
    deviceId = await enrolAndReport(env.server, token.token, d, [checkResult("disk-encryption", "pass")]);
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    cookie = (await sessionCookie(env.server, admin.user.id)).cookie;
  });
  afterAll(async () => env?.close());

  it("shows each one as its code on the council and device pages and in the CSV", async () => {
    const shown = "invoice[U+202E]gnp.exe[U+2066]x[U+2069][U+200E][U+200F][U+061C]";
    for (const url of [
      `${BASE}/councils/${councilId}`,
      `${BASE}/devices/${deviceId}`,
      `${BASE}/councils/${councilId}/export.csv`,
    ]) {
      const res = await getPage(env.server, url, cookie);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(shown);
      expect(res.body, url).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it("drops them from email text", () => {
    expect(plainText(TRICK)).toBe("invoicegnp.exex");
  });

  it("marks zero-width, word-joiner, byte-order and soft-hyphen characters and controls too (red-team)", () => {
    const hidden = "CLERK\u200B-PC\u2060\uFEFF\u00AD\u2028\u0007";
    expect(escapeHtml(hidden)).toBe("CLERK[U+200B]-PC[U+2060][U+FEFF][U+00AD][U+2028][U+0007]");
    expect(plainText(hidden)).toBe("CLERK-PC");
    expect(oneLine(`Ward: ${hidden}`)).toBe("Ward: CLERK-PC");
    expect(escapeHtml("line one\nline two\tend")).toBe("line one\nline two\tend");
  });
});
