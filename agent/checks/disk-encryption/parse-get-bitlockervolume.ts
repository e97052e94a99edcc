// Pure parser for `Get-BitLockerVolume | Format-List`: one BitLockerVolume per blank-line-separated block.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { type BitLockerConversion, type BitLockerVolume, parsePercentage } from "./bitlocker-state.js";

/*
 * Format-List prints "Name : Value" lines, one block per volume:
 *   MountPoint           : C:
 *   VolumeStatus         : FullyEncrypted      (FullyDecrypted, EncryptionInProgress, DecryptionInProgress,
 *                                              EncryptionSuspended, DecryptionSuspended)
 *   ProtectionStatus     : On                  (Off, Unknown)
 *   EncryptionPercentage : 100
 *   VolumeType           : OperatingSystem     (Data)
 * Property names and enum names are .NET identifiers, so they read the same in every display language.
 */

const VOLUME_STATUS: Record<string, BitLockerConversion> = {
  FullyDecrypted: "FullyDecrypted",
  FullyEncrypted: "FullyEncrypted",
  EncryptionInProgress: "EncryptionInProgress",
  DecryptionInProgress: "DecryptionInProgress",
  EncryptionSuspended: "EncryptionPaused",
  DecryptionSuspended: "DecryptionPaused",
};

export function parseGetBitLockerVolume(text: string): Parsed<BitLockerVolume[]> {
  const blocks: Record<string, string>[] = [];
  let block: Record<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === "") {
      block = null;
      continue;
    }
    const m = /^([A-Za-z]+)\s*:\s?(.*)$/.exec(line.trim());
    if (!m?.[1]) continue;
    if (!block) {
      block = {};
      blocks.push(block);
    }
    block[m[1]] = (m[2] ?? "").trim();
  }
  const volumes = blocks.filter((b) => "VolumeStatus" in b || "MountPoint" in b);
  if (volumes.length === 0)
    return unparsed("Get-BitLockerVolume printed no volume (no MountPoint or VolumeStatus line)");
  return parsed(
    volumes.map((b) => ({
      mount: b.MountPoint || null,
      isSystem: b.VolumeType === "OperatingSystem" ? true : b.VolumeType === "Data" ? false : null,
      conversion: VOLUME_STATUS[b.VolumeStatus ?? ""] ?? null,
      protection:
        b.ProtectionStatus === "On"
          ? "on"
          : b.ProtectionStatus === "Off"
            ? "off"
            : b.ProtectionStatus === "Unknown"
              ? "unknown"
              : null,
      percentage: parsePercentage(b.EncryptionPercentage),
      rebootsLeft: null,
    })),
  );
}
