// macOS parsers on real outputs: sw_vers (tab and space separated) and softwareupdate --list in both formats.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyMacUpdate, parseSoftwareupdateList } from "./parse-softwareupdate.js";
import { macosRelease, parseSwVers } from "./parse-sw-vers.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/macos/${name}`, import.meta.url), "utf8");
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("parseSwVers", () => {
  it("reads High Sierra's first release, which has no patch number", () => {
    expect(ok(parseSwVers(fixture("sw-vers-10.13.txt")))).toEqual({
      productName: "Mac OS X",
      version: "10.13",
      build: "17A405",
      extra: null,
    });
  });

  it("reads Catalina 10.15.7 (tabs)", () => {
    expect(ok(parseSwVers(fixture("sw-vers-10.15.7.txt")))).toMatchObject({
      productName: "Mac OS X",
      version: "10.15.7",
      build: "19H1030",
    });
  });

  it("reads Catalina with spaces instead of tabs", () => {
    expect(ok(parseSwVers(fixture("sw-vers-10.15.5.txt")))).toMatchObject({ version: "10.15.5", build: "19F101" });
  });

  it("maps versions to table releases", () => {
    expect(macosRelease("10.15.5")).toBe("10.15");
    expect(macosRelease("14.4.1")).toBe("14");
    expect(macosRelease("26.1")).toBe("26");
  });

  it.each([
    ["empty", ""],
    ["no build", "ProductName:\tmacOS\nProductVersion:\t14.5\n"],
    ["odd version", "ProductVersion: beta\nBuildVersion: 1"],
  ])("refuses %s", (_l, text) => {
    expect(parseSwVers(text).ok).toBe(false);
  });
});

describe("parseSoftwareupdateList", () => {
  it("reads Ventura's list with a Safari update, a minor update and a major upgrade (Macjutsu/super #151)", () => {
    const u = ok(parseSoftwareupdateList(fixture("softwareupdate-list-ventura-major-upgrade.txt"), ""));
    expect(u.map((x) => [x.label, x.version, x.restart])).toEqual([
      ["Safari17.0VenturaAuto-17.0", "17.0", false],
      ["macOS Ventura 13.6-22G120", "13.6", true],
      ["macOS Sonoma 14.0-23A344", "14.0", true],
    ]);
    expect(u.map((x) => classifyMacUpdate(x, "13"))).toEqual(["security", "os-update", "major-upgrade"]);
  });

  it("reads a Safari-only list (Macjutsu/super #177)", () => {
    const u = ok(parseSoftwareupdateList(fixture("softwareupdate-list-safari-only.txt"), ""));
    expect(u).toHaveLength(1);
    expect(classifyMacUpdate(u[0]!, "13")).toBe("security");
  });

  it("counts Command Line Tools as not security (timsutton/osx-vm-templates #101)", () => {
    const u = ok(parseSoftwareupdateList(fixture("softwareupdate-list-catalina-clt.txt"), ""));
    expect(u.map((x) => classifyMacUpdate(x, "10.15"))).toEqual(["other", "other"]);
  });

  it("reads Mojave's older format with [recommended] [restart] (Salt's test data)", () => {
    const u = ok(parseSoftwareupdateList(fixture("softwareupdate-list-mojave-old-format.txt"), ""));
    expect(u.map((x) => x.label)).toEqual([
      "Command Line Tools (macOS Mojave version 10.14) for Xcode-10.3",
      "macOS 10.14.1 Update",
      "BridgeOSUpdateCustomer",
      "iCal-1.0.2",
    ]);
    expect(u[1]).toMatchObject({ version: "10.14.1", recommended: true, restart: true });
    expect(classifyMacUpdate(u[1]!, "10.14")).toBe("os-update");
    expect(classifyMacUpdate(u[2]!, "10.14")).toBe("other");
  });

  it("reads 'No new software available.' on stderr as an empty list (macOS 10.15.7, ansible-osx-command-line-tools #65)", () => {
    expect(ok(parseSoftwareupdateList("", fixture("softwareupdate-list-none-stderr.txt")))).toEqual([]);
  });

  it.each([
    ["no output", "", ""],
    ["offline", "", "Software Update Tool\n\nFinding available software\nCould not connect to the server."],
  ])("refuses %s", (_l, out, err) => {
    expect(parseSoftwareupdateList(out, err).ok).toBe(false);
  });
});
