// Formula injection through whitespace: device text starting with a space, tab, CR or LF before = + - @ is made inert
// in every CSV the collector writes (the device list, the council export, the evidence pack), as well as plain = + - @.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../server/dashboard/csv.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

/** Text a spreadsheet may still run once it drops the leading whitespace (Excel and LibreOffice both trim some). */
const HOSTILE = [
  ' =HYPERLINK("http://evil.example","x")',
  "\t=1+1",
  "\r=1+1",
  "\n+cmd|' /C calc'!A0",
  "\r\n@SUM(A1)",
  "  -2+3",
  "\u00a0=1+1",
  " \t\n=1+1",
];

/** Ward's always-quoted cells, read back (a quoted cell may hold CR and LF). */
function csvCells(text: string): string[] {
  return [...text.replace(/^\uFEFF/, "").matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
}

/** A cell a spreadsheet would read as a formula: = + - @ first, or after whitespace. */
const live = (cell: string) => /^\s*[=+\-@]/.test(cell);

describe("csvCell", () => {
  it("prefixes a quote to a formula after leading whitespace, and leaves other whitespace alone", () => {
    for (const s of HOSTILE) expect(csvCell(s), JSON.stringify(s)).toBe(`"'${s.replace(/"/g, '""')}"`);
    expect(csvCell(" plain")).toBe('" plain"');
    expect(csvCell("\nnot a formula")).toBe('"\nnot a formula"');
    expect(csvCell("a = b")).toBe('"a = b"');
  });
});

describe("every CSV export", () => {
  let env: TestEnv;
  let councilId = "";
  let cookie = "";
  beforeAll(async () => {
    env = await newEnv("sqlite");
    const c = await councilWithToken(env);
    councilId = c.council.id;
    for (const hostname of HOSTILE) {
      const d = new FakeDevice();
      d.inventory.hostname = hostname;
      d.inventory.model = hostname;
      await enrolAndReport(env.server, c.token.token, d, [checkResult("disk-encryption", "fail")]);
    }
    const manager = await readyUser(env.server, "dsfm@csv.example", "council-manager", councilId);
    cookie = (await sessionCookie(env.server, manager.user.id)).cookie;
  });
  afterAll(async () => env?.close());

  for (const [name, url] of [
    ["the device list", () => `${BASE}/devices.csv`],
    ["the council export", () => `${BASE}/councils/${councilId}/export.csv`],
    ["the evidence pack", () => `${BASE}/councils/${councilId}/evidence.csv`],
  ] as const) {
    it(`${name}: no cell a spreadsheet would run`, async () => {
      const res = await getPage(env.server, url(), cookie);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/csv");
      const cells = csvCells(res.body);
      // The hostile hostnames are in the file (as text), and none is live.
      expect(cells.filter((c) => c.startsWith("'")).length).toBeGreaterThanOrEqual(HOSTILE.length);
      expect(cells.filter(live)).toEqual([]);
    });
  }
});
