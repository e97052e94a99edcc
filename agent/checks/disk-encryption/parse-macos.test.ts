// Parser tests for fdesetup status and diskutil apfs list -plist (and the plist reader) on real outputs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fileVaultOfDataVolume } from "./collect-macos.js";
import { parseApfsList } from "./parse-apfs-list.js";
import { parseFdesetup } from "./parse-fdesetup.js";
import { parsePlist } from "./parse-plist.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/macos/${name}`, import.meta.url), "utf8");

describe("parseFdesetup", () => {
  it.each([
    ["fdesetup-on.txt", { status: "on", percentage: null, deferred: false, pending: null }],
    ["fdesetup-on-master-keychain.txt", { status: "on", percentage: null, deferred: false, pending: null }],
    ["fdesetup-off.txt", { status: "off", percentage: null, deferred: false, pending: null }],
    ["fdesetup-off-deferred.txt", { status: "off", percentage: null, deferred: true, pending: null }],
    ["fdesetup-encryption-pending.txt", { status: "encrypting", percentage: null, deferred: false, pending: null }],
    ["fdesetup-encrypting-50.txt", { status: "encrypting", percentage: 50, deferred: false, pending: null }],
    ["fdesetup-decrypting-25.txt", { status: "decrypting", percentage: 25, deferred: false, pending: null }],
    [
      "fdesetup-off-enabled-after-restart.txt",
      { status: "off", percentage: null, deferred: false, pending: "will be enabled after the next restart" },
    ],
    [
      "fdesetup-on-restart-to-finish.txt",
      { status: "encrypting", percentage: null, deferred: false, pending: "needs a restart to finish turning on" },
    ],
    [
      "fdesetup-off-restart-to-finish.txt",
      { status: "decrypting", percentage: null, deferred: false, pending: "needs a restart to finish turning off" },
    ],
  ])("reads %s", (name, expected) => {
    expect(parseFdesetup(fixture(name))).toEqual({ ok: true, value: expected });
  });

  it("refuses empty output and text it has not seen", () => {
    expect(parseFdesetup("").ok).toBe(false);
    const other = parseFdesetup(
      readFileSync(new URL("./fixtures/windows/manage-bde-german.txt", import.meta.url), "utf8"),
    );
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error).toMatch(/does not recognise/);
  });
});

describe("parsePlist", () => {
  it("reads a real diskutil property list into JSON values", () => {
    const r = parsePlist(fixture("diskutil-apfs-list-plist-macos10.15-filevault-on.plist"));
    if (!r.ok) throw new Error(r.error);
    const containers = (
      r.value as { Containers: { ContainerReference: string; CapacityCeiling: number; Fusion: boolean }[] }
    ).Containers;
    expect(containers[0]).toMatchObject({ ContainerReference: "disk1", CapacityCeiling: 489999998976, Fusion: false });
  });

  it("decodes entities and keeps non-ASCII names", () => {
    const r = parsePlist(
      "<plist><dict><key>a&amp;b</key><string>Michael&#x2019;s &lt;Mac&gt;</string><key>e</key><array/></dict></plist>",
    );
    expect(r).toEqual({ ok: true, value: { "a&b": "Michael\u2019s <Mac>", e: [] } });
  });

  it("refuses a truncated list, text outside a plist, and a non-number integer", () => {
    const real = fixture("diskutil-apfs-list-plist-macos11-filevault-on.plist");
    expect(parsePlist(real.slice(0, real.length / 2)).ok).toBe(false);
    expect(parsePlist("FileVault is On.").ok).toBe(false);
    expect(parsePlist("<plist><integer>12abc</integer></plist>").ok).toBe(false);
  });
});

describe("parseApfsList", () => {
  function volumes(name: string) {
    const r = parseApfsList(fixture(name));
    if (!r.ok) throw new Error(r.error);
    return r.value;
  }

  it("macOS 11 (Apple silicon layout): Data and System volumes have FileVault on; other containers are ignored", () => {
    const vols = volumes("diskutil-apfs-list-plist-macos11-filevault-on.plist");
    expect(vols).toHaveLength(13);
    expect(vols.find((v) => v.roles.includes("Data"))).toEqual({
      container: "disk3",
      device: "disk3s5",
      name: "Data",
      roles: ["Data"],
      fileVault: true,
      converting: false,
    });
    expect(vols.find((v) => v.roles.includes("Backup"))?.name).toBe("Backups of Michael\u2019s MBP_13_2020");
    expect(fileVaultOfDataVolume(vols)).toEqual({ fileVault: true, device: "disk3s5" });
  });

  it("macOS 10.15: the Data volume has FileVault on", () => {
    expect(fileVaultOfDataVolume(volumes("diskutil-apfs-list-plist-macos10.15-filevault-on.plist"))).toEqual({
      fileVault: true,
      device: "disk1s1",
    });
  });

  it("macOS 10.14 lists no roles, so the startup volume cannot be told from this list", () => {
    const vols = volumes("diskutil-apfs-list-plist-macos10.14-no-roles.plist");
    expect(vols.filter((v) => v.roles.length === 0).map((v) => v.name)).toEqual(["Macintosh HD", "VMs", "Untitled"]);
    expect(fileVaultOfDataVolume(vols)).toEqual({ unknown: expect.stringMatching(/no volume has the Data role/) });
  });

  it("refuses a property list without Containers", () => {
    expect(parseApfsList("<plist><dict><key>Snapshots</key><array/></dict></plist>").ok).toBe(false);
  });
});
