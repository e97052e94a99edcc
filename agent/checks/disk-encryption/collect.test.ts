// Replays real fixtures through collect() and evaluate() with the fixture context: the verdicts the sources describe.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ProbeError } from "../../../shared/schemas/check-result.js";
import type { OsPlatform } from "../../../shared/schemas/control.js";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { DiskEncryptionFacts } from "./facts.js";
import { diskEncryptionCheck } from "./index.js";

const fx = (os: "windows" | "macos" | "linux", name: string) =>
  readFileSync(new URL(`./fixtures/${os}/${name}`, import.meta.url), "utf8");

type Outputs = Parameters<typeof fixtureContext>[1];

async function run(os: OsPlatform, outputs: Outputs) {
  const errors: ProbeError[] = [];
  const facts = await diskEncryptionCheck.collect(fixtureContext(os, outputs, { errors }));
  expect(DiskEncryptionFacts.safeParse(facts).success).toBe(true);
  const verdict = diskEncryptionCheck.evaluate(facts, DEFAULT_POLICY, os);
  return { facts, verdict, errors };
}

describe("Windows replays", () => {
  it("the primary WMI probe decides when it answers: C: encrypted and protected, the USB stick ignored", async () => {
    const { facts, verdict, errors } = await run("windows", {
      "win.bitlocker-cim": fx("windows", "bitlocker-wmi-json-mondoo-os-encrypted-usb-decrypted.json"),
      "win.manage-bde": fx("windows", "manage-bde-decrypted-os-and-two-data-volumes.txt"),
    });
    expect(facts).toEqual({
      state: "encrypted",
      method: "bitlocker",
      volume: "C:",
      percentage: 100,
      decidedBy: "win.bitlocker-cim",
      evidence: ["win.bitlocker-cim"],
      detail: null,
      reason: null,
    });
    expect(verdict.status).toBe("pass");
    expect(errors).toEqual([]);
  });

  it("manage-bde alone proves the breach when CIM was not captured: C: fully decrypted, data volumes ignored", async () => {
    const { facts, verdict, errors } = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-decrypted-os-and-two-data-volumes.txt"),
    });
    expect(facts).toMatchObject({
      state: "not_encrypted",
      method: "bitlocker",
      volume: "C:",
      percentage: 0,
      decidedBy: "win.manage-bde",
      evidence: ["win.manage-bde"],
    });
    expect(facts.reason).toMatch(/win\.bitlocker-cim/);
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toBe("This laptop's disk is not encrypted: anyone who takes it can read the files on it.");
    expect(verdict.remediation.join(" ")).toMatch(/Device encryption/);
    expect(errors.map((e) => e.probe)).toEqual(["win.bitlocker-cim"]);
  });

  it("passes the Azure VM whose C: is encrypted and protected, despite the unencrypted BEK volume", async () => {
    const { facts, verdict } = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-azure-os-protected-bek-volume-excerpt.txt"),
    });
    expect(facts).toMatchObject({ state: "encrypted", volume: "C:", percentage: 100, decidedBy: "win.manage-bde" });
    expect(verdict).toMatchObject({
      status: "pass",
      summary: "This laptop's disk is encrypted with BitLocker and protected.",
      remediation: [],
    });
  });

  it("fails a volume still encrypting at 99% (protection not yet on)", async () => {
    const { facts, verdict } = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-encrypting-99-protection-off.txt"),
    });
    expect(facts).toMatchObject({ state: "encrypting", percentage: 99 });
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toMatch(/still being encrypted with BitLocker \(99% encrypted so far\)/);
  });

  it("reads decimal-comma output and Microsoft's excerpt as encrypted and protected", async () => {
    for (const name of ["manage-bde-status-c-comma-decimal.txt", "manage-bde-msdocs-os-protected-excerpt.txt"]) {
      const { facts, verdict } = await run("windows", { "win.manage-bde": fx("windows", name) });
      expect([facts.state, facts.percentage, verdict.status]).toEqual(["encrypted", 100, "pass"]);
    }
  });

  it("falls back to Get-BitLockerVolume when manage-bde speaks German", async () => {
    const { facts, verdict, errors } = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-german.txt"),
      "win.get-bitlockervolume": fx("windows", "get-bitlockervolume-fully-decrypted.txt"),
    });
    expect(facts).toMatchObject({
      state: "not_encrypted",
      decidedBy: "win.get-bitlockervolume",
      evidence: ["win.get-bitlockervolume"],
    });
    expect(facts.reason).toMatch(/win\.manage-bde: .*English/);
    expect(verdict.status).toBe("fail");
    expect(errors.map((e) => e.probe)).toEqual(["win.bitlocker-cim", "win.manage-bde"]);
  });

  it("answers unknown, never pass, when manage-bde is German and nothing else answered", async () => {
    const { facts, verdict } = await run("windows", { "win.manage-bde": fx("windows", "manage-bde-german.txt") });
    expect(facts).toMatchObject({
      state: "unknown",
      decidedBy: null,
      evidence: ["win.bitlocker-cim", "win.manage-bde", "win.get-bitlockervolume"],
    });
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toBe(
      "Ward could not tell whether this laptop's disk is encrypted: manage-bde printed no English 'Conversion Status' line (another display language, or an error).",
    );
    expect(facts.detail).toMatch(/win\.bitlocker-cim: .*; win\.manage-bde: .*; win\.get-bitlockervolume: /);
  });

  it("does not decide from an excerpt that names no volume; Get-BitLockerVolume then decides", async () => {
    const alone = await run("windows", { "win.manage-bde": fx("windows", "manage-bde-clear-key-excerpt.txt") });
    expect(alone.verdict.status).toBe("unknown");
    const withBlv = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-clear-key-excerpt.txt"),
      "win.get-bitlockervolume": fx("windows", "get-bitlockervolume-msdocs-fully-encrypted.txt"),
    });
    expect(withBlv.facts).toMatchObject({ state: "encrypted", decidedBy: "win.get-bitlockervolume", volume: "C:" });
  });

  it("fails a suspended system volume: manage-bde names no volume, Get-BitLockerVolume shows protection off", async () => {
    const { facts, verdict } = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-auto-device-encryption-protection-off-excerpt.txt"),
      "win.get-bitlockervolume": fx("windows", "get-bitlockervolume-encrypted-protection-off.txt"),
    });
    expect(facts).toMatchObject({
      state: "suspended",
      volume: "C:",
      percentage: 100,
      decidedBy: "win.get-bitlockervolume",
    });
    expect(facts.reason).toMatch(/win\.manage-bde: no volume is marked as the operating-system volume/);
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toMatch(/protection is suspended/);
    expect(verdict.remediation.join(" ")).toMatch(/Resume protection/);
  });

  it("never runs a fallback once a probe has answered", async () => {
    const { facts } = await run("windows", {
      "win.manage-bde": fx("windows", "manage-bde-decrypted-os-and-two-data-volumes.txt"),
      "win.get-bitlockervolume": fx("windows", "get-bitlockervolume-msdocs-fully-encrypted.txt"),
    });
    expect(facts).toMatchObject({ state: "not_encrypted", decidedBy: "win.manage-bde" });
  });

  it("treats a failed manage-bde (exit code 1, e.g. not administrator) as no answer", async () => {
    const { facts } = await run("windows", {
      "win.manage-bde": { text: fx("windows", "manage-bde-msdocs-os-protected-excerpt.txt"), exitCode: 1 },
    });
    expect(facts).toMatchObject({
      state: "unknown",
      reason: "none of Windows' BitLocker tools answered (they need administrator rights)",
    });
    expect(facts.detail).toMatch(/win\.manage-bde: .*exited with code 1/);
  });
});

describe("macOS replays", () => {
  it.each([
    ["fdesetup-on.txt", "encrypted", "pass", null],
    ["fdesetup-on-master-keychain.txt", "encrypted", "pass", null],
    ["fdesetup-off.txt", "not_encrypted", "fail", null],
    ["fdesetup-off-deferred.txt", "not_encrypted", "fail", null],
    ["fdesetup-encryption-pending.txt", "encrypting", "fail", null],
    ["fdesetup-encrypting-50.txt", "encrypting", "fail", 50],
    ["fdesetup-decrypting-25.txt", "decrypting", "fail", 75],
    ["fdesetup-off-enabled-after-restart.txt", "not_encrypted", "fail", null],
    ["fdesetup-on-restart-to-finish.txt", "encrypting", "fail", null],
    ["fdesetup-off-restart-to-finish.txt", "decrypting", "fail", null],
  ])("%s gives %s (%s)", async (name, state, status, percentage) => {
    const { facts, verdict } = await run("macos", { "mac.fdesetup": fx("macos", name) });
    expect(facts).toMatchObject({
      state,
      method: "filevault",
      volume: "/",
      percentage,
      decidedBy: "mac.fdesetup",
      evidence: ["mac.fdesetup"],
    });
    expect(verdict.status).toBe(status);
  });

  it("says FileVault is on, with the Mac wording", async () => {
    const { verdict } = await run("macos", { "mac.fdesetup": fx("macos", "fdesetup-on.txt") });
    expect(verdict.summary).toBe("This Mac's disk is encrypted with FileVault and protected.");
    const off = await run("macos", { "mac.fdesetup": fx("macos", "fdesetup-off-deferred.txt") });
    expect(off.facts.detail).toMatch(/deferred/);
    expect(off.verdict.remediation.join(" ")).toMatch(/System Settings > Privacy & Security > FileVault/);
    const restart = await run("macos", { "mac.fdesetup": fx("macos", "fdesetup-off-enabled-after-restart.txt") });
    expect(restart.facts.detail).toBe("FileVault will be enabled after the next restart");
  });

  it("keeps the percentage encrypted: 25% decrypted means 75% still encrypted", async () => {
    const { verdict } = await run("macos", { "mac.fdesetup": fx("macos", "fdesetup-decrypting-25.txt") });
    expect(verdict.summary).toBe(
      "FileVault is being turned off on this computer (75% still encrypted): the disk is being decrypted.",
    );
    const enc = await run("macos", { "mac.fdesetup": fx("macos", "fdesetup-encrypting-50.txt") });
    expect(enc.verdict.summary).toBe(
      "This Mac's disk is still being encrypted with FileVault (50% encrypted so far); it is not protected until that finishes.",
    );
  });

  it("falls back to the Data volume in diskutil apfs list when fdesetup is missing", async () => {
    for (const name of [
      "diskutil-apfs-list-plist-macos11-filevault-on.plist",
      "diskutil-apfs-list-plist-macos10.15-filevault-on.plist",
    ]) {
      const { facts, verdict } = await run("macos", { "mac.apfs-list": fx("macos", name) });
      expect(facts).toMatchObject({
        state: "encrypted",
        decidedBy: "mac.apfs-list",
        evidence: ["mac.fdesetup", "mac.apfs-list"],
      });
      expect(facts.reason).toMatch(/fdesetup gave no answer/);
      expect(verdict.status).toBe("pass");
    }
  });

  it("answers unknown for a 10.14 list (no roles) and when nothing answered", async () => {
    const old = await run("macos", {
      "mac.apfs-list": fx("macos", "diskutil-apfs-list-plist-macos10.14-no-roles.plist"),
    });
    expect(old.verdict.status).toBe("unknown");
    expect(old.facts.reason).toMatch(/Data role/);
    const none = await run("macos", {});
    expect(none.verdict.status).toBe("unknown");
    expect(none.facts.reason).toBe("neither fdesetup nor diskutil answered");
    expect(none.facts.detail).toMatch(/mac\.fdesetup: .*not captured.*mac\.apfs-list/);
    expect(none.verdict.summary).toBe(
      "Ward could not tell whether this Mac's disk is encrypted: neither fdesetup nor diskutil answered.",
    );
  });

  it("does not let unrecognised fdesetup text pass", async () => {
    const { facts } = await run("macos", {
      "mac.fdesetup": fx("windows", "get-bitlockervolume-msdocs-fully-encrypted.txt"),
    });
    expect(facts.state).toBe("unknown");
  });
});

describe("Linux replays", () => {
  const lvmOnLuks = fx("linux", "lsblk-pj-lvm-on-luks-root.json");

  it("LVM on LUKS, confirmed by cryptsetup: encrypted with LUKS2", async () => {
    // Two real outputs from two machines: the lsblk tree, and a LUKS2 cryptsetup status replayed for its mapping.
    const { facts, verdict } = await run("linux", {
      "linux.lsblk": lvmOnLuks,
      "linux.cryptsetup@nvme0n1p3_crypt": fx("linux", "cryptsetup-status-luks2-lvm.txt"),
    });
    expect(facts).toMatchObject({
      state: "encrypted",
      method: "luks",
      volume: "/",
      decidedBy: "linux.cryptsetup",
      evidence: ["linux.lsblk", "linux.cryptsetup"],
      detail: "LUKS2",
      reason: null,
    });
    expect(verdict).toMatchObject({
      status: "pass",
      summary: "This laptop's disk is encrypted with LUKS and protected.",
    });
  });

  it("LVM on LUKS without root: lsblk alone proves it, and the facts say so", async () => {
    const { facts, verdict } = await run("linux", {
      "linux.lsblk": lvmOnLuks,
      "linux.cryptsetup@nvme0n1p3_crypt": {
        text: fx("linux", "cryptsetup-status-non-root.txt"),
        stderr: fx("linux", "cryptsetup-status-non-root.err"),
        exitCode: 1,
      },
    });
    expect(facts).toMatchObject({
      state: "encrypted",
      method: "dm-crypt",
      decidedBy: "linux.lsblk",
      evidence: ["linux.lsblk"],
    });
    expect(facts.reason).toMatch(
      /^proved by lsblk alone: cryptsetup gave no answer \(linux\.cryptsetup@nvme0n1p3_crypt: .*exited with code 1/,
    );
    expect(verdict.status).toBe("pass");
  });

  it("crypt mapped straight on a partition, cryptsetup reporting LUKS1", async () => {
    const { facts } = await run("linux", {
      "linux.lsblk": fx("linux", "lsblk-j-cryptroot-on-partition.json"),
      "linux.cryptsetup@cryptroot": fx("linux", "cryptsetup-status-luks1-ceph.txt"),
    });
    expect(facts).toMatchObject({ state: "encrypted", method: "luks", detail: "LUKS1", decidedBy: "linux.cryptsetup" });
  });

  it("plain dm-crypt (no LUKS header) still encrypts: method dm-crypt", async () => {
    const { facts, verdict } = await run("linux", {
      "linux.lsblk": fx("linux", "lsblk-j-cryptroot-on-partition.json"),
      "linux.cryptsetup@cryptroot": fx("linux", "cryptsetup-status-plain-active.txt"),
    });
    expect(facts).toMatchObject({
      state: "encrypted",
      method: "dm-crypt",
      detail: "PLAIN",
      decidedBy: "linux.cryptsetup",
    });
    expect(verdict.summary).toBe(
      "This laptop's disk is encrypted with Linux disk encryption (dm-crypt) and protected.",
    );
  });

  it("a crypt layer that cryptsetup calls VERITY does not count as encryption", async () => {
    const { facts, verdict } = await run("linux", {
      "linux.lsblk": fx("linux", "lsblk-j-cryptroot-on-partition.json"),
      "linux.cryptsetup@cryptroot": fx("linux", "veritysetup-status-verity-test-stub.txt"),
    });
    expect(facts).toMatchObject({ state: "not_encrypted", decidedBy: "linux.cryptsetup" });
    expect(verdict.status).toBe("fail");
  });

  it.each([
    ["lsblk-jb-lvm-root-not-encrypted.json", "LVM root straight on a partition (util-linux 2.36.1)"],
    ["lsblk-dev-machine-virtio-unencrypted.json", "the Ward dev machine's virtio disk"],
  ])("%s fails: %s", async (name) => {
    const { facts, verdict } = await run("linux", { "linux.lsblk": fx("linux", name) });
    expect(facts).toMatchObject({ state: "not_encrypted", method: null, decidedBy: "linux.lsblk" });
    expect(verdict.status).toBe("fail");
    expect(verdict.remediation.join(" ")).toMatch(/reinstall/i);
  });

  it("answers unknown when lsblk is missing or prints no JSON", async () => {
    expect((await run("linux", {})).verdict.status).toBe("unknown");
    const garbage = await run("linux", { "linux.lsblk": fx("linux", "cryptsetup-status-luks2-lvm.txt") });
    expect(garbage.facts).toMatchObject({ state: "unknown", evidence: ["linux.lsblk"] });
  });
});

describe("policy", () => {
  it("answers not_applicable with the state kept when the policy does not require encryption", async () => {
    const facts = await diskEncryptionCheck.collect(
      fixtureContext("linux", { "linux.lsblk": fx("linux", "lsblk-dev-machine-virtio-unencrypted.json") }),
    );
    const verdict = diskEncryptionCheck.evaluate(facts, { ...DEFAULT_POLICY, requireDiskEncryption: false }, "linux");
    expect(verdict).toMatchObject({ status: "not_applicable", facts: { state: "not_encrypted" }, remediation: [] });
    expect(verdict.summary).toMatch(/does not require disk encryption.*not encrypted/);
  });
});
