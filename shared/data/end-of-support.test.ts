// Checks the end-of-support table is well formed: real dates, sources, no duplicates, Windows ends on Patch Tuesdays.
import { describe, expect, it } from "vitest";
import { END_OF_SUPPORT, END_OF_SUPPORT_COMPILED_ON } from "./end-of-support.js";

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

describe("END_OF_SUPPORT", () => {
  it("is dated", () => {
    expect(isDate(END_OF_SUPPORT_COMPILED_ON)).toBe(true);
  });

  it("has one row per platform, product and release", () => {
    const keys = END_OF_SUPPORT.map((r) => `${r.platform}/${r.product}/${r.release}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(END_OF_SUPPORT.map((r) => [`${r.product} ${r.release}`, r] as const))("%s has a valid date and a source", (_n, r) => {
    expect(r.source.length).toBeGreaterThan(10);
    if (r.endOfSupport !== null) expect(isDate(r.endOfSupport)).toBe(true);
    else expect(r.reviewBy !== null && isDate(r.reviewBy)).toBe(true);
  });

  it("ends Windows servicing on a Tuesday (Microsoft ends it on a Patch Tuesday)", () => {
    for (const r of END_OF_SUPPORT.filter((x) => x.platform === "windows")) {
      expect(new Date(`${r.endOfSupport}T12:00:00Z`).getUTCDay(), `${r.product} ${r.release}`).toBe(2);
    }
  });

  it("gives Enterprise and Education a year more than Home and Pro on Windows 11", () => {
    for (const rel of ["22H2", "23H2", "24H2", "25H2"]) {
      const hp = END_OF_SUPPORT.find((r) => r.product === "windows-11-home-pro" && r.release === rel)!;
      const ee = END_OF_SUPPORT.find((r) => r.product === "windows-11-enterprise-education" && r.release === rel)!;
      expect(Number(ee.endOfSupport!.slice(0, 4)) - Number(hp.endOfSupport!.slice(0, 4)), rel).toBe(1);
    }
  });

  it("keeps only the three newest macOS releases without an end date", () => {
    expect(END_OF_SUPPORT.filter((r) => r.product === "macos" && r.endOfSupport === null).map((r) => r.release)).toEqual([
      "27",
      "26",
      "15",
    ]);
  });

  it("names RHEL rebuilds by major version only", () => {
    for (const r of END_OF_SUPPORT.filter((x) => ["rhel", "rocky", "almalinux", "debian"].includes(x.product))) {
      expect(r.release).toMatch(/^\d+$/);
    }
  });
});
