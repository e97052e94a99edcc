// Capture folders replayed through the real replay source and runner, as `ward check --replay DIR` does.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { replaySource } from "../framework/replay-source.js";
import { runChecks } from "../framework/run-checks.js";
import { diskEncryptionCheck } from "./index.js";

const fixturePath = (os: string, name: string) => new URL(`./fixtures/${os}/${name}`, import.meta.url);

function captureDir(os: string, files: Record<string, URL | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "ward-disk-encryption-"));
  writeFileSync(join(dir, "platform.json"), JSON.stringify({ os }));
  for (const [name, from] of Object.entries(files)) {
    if (from instanceof URL) copyFileSync(from, join(dir, name));
    else writeFileSync(join(dir, name), from);
  }
  return dir;
}

async function check(dir: string) {
  const [result] = await runChecks({
    source: await replaySource(dir),
    policy: DEFAULT_POLICY,
    checks: [diskEncryptionCheck],
  });
  if (!result) throw new Error("no result");
  return result;
}

describe("replayed capture folders", () => {
  it("Linux: LVM on LUKS with cryptsetup refused (stderr and exit code captured beside it)", async () => {
    const dir = captureDir("linux", {
      "linux.lsblk.txt": fixturePath("linux", "lsblk-pj-lvm-on-luks-root.json"),
      "linux.cryptsetup@nvme0n1p3_crypt.txt": fixturePath("linux", "cryptsetup-status-non-root.txt"),
      "linux.cryptsetup@nvme0n1p3_crypt.err": fixturePath("linux", "cryptsetup-status-non-root.err"),
      "linux.cryptsetup@nvme0n1p3_crypt.exit": fixturePath("linux", "cryptsetup-status-non-root.exit"),
    });
    const r = await check(dir);
    expect(r).toMatchObject({
      control: "disk-encryption",
      status: "pass",
      facts: { state: "encrypted", decidedBy: "linux.lsblk" },
    });
    expect(r.probeErrors).toEqual([
      { probe: "linux.cryptsetup@nvme0n1p3_crypt", error: "linux.cryptsetup exited with code 1 (captured)" },
    ]);
  });

  it("Windows: manage-bde saved as UTF-16LE bytes (as `manage-bde -status > file` writes) is decoded and read", async () => {
    const text = readFileSync(fixturePath("windows", "manage-bde-encrypting-99-protection-off.txt"), "utf8").replace(
      /\n/g,
      "\r\n",
    );
    // No raw UTF-16 capture was found: these bytes re-encode a real capture the way such a redirect does.
    const dir = captureDir("windows", {
      "win.manage-bde.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    });
    const r = await check(dir);
    expect(r).toMatchObject({
      status: "fail",
      facts: { state: "encrypting", percentage: 99, volume: "C:", decidedBy: "win.manage-bde" },
    });
  });

  it("macOS: a capture with only the apfs list answers from the Data volume", async () => {
    const dir = captureDir("macos", {
      "mac.apfs-list.txt": fixturePath("macos", "diskutil-apfs-list-plist-macos11-filevault-on.plist"),
    });
    const r = await check(dir);
    expect(r).toMatchObject({
      status: "pass",
      facts: { state: "encrypted", method: "filevault", decidedBy: "mac.apfs-list" },
    });
    expect(r.probeErrors.map((e) => e.probe)).toEqual(["mac.fdesetup"]);
  });
});
