// One BitLocker volume as the three Windows parsers see it, and the state rule they share.
import type { EncryptionState } from "./facts.js";

/** Conversion status, named as Win32_EncryptableVolume.GetConversionStatus and Get-BitLockerVolume name them. */
export type BitLockerConversion =
  | "FullyDecrypted"
  | "FullyEncrypted"
  | "EncryptionInProgress"
  | "DecryptionInProgress"
  | "EncryptionPaused"
  | "DecryptionPaused";

export type BitLockerProtection = "on" | "off" | "unknown";

export interface BitLockerVolume {
  /** "C:", or the volume path manage-bde prints for volumes without a letter; null when the tool did not say. */
  mount: string | null;
  /** true for the running system's volume ([OS Volume], VolumeType 0 / OperatingSystem); null when not said. */
  isSystem: boolean | null;
  /** null when the tool printed a value Ward does not recognise. */
  conversion: BitLockerConversion | null;
  protection: BitLockerProtection | null;
  percentage: number | null;
  /** "Protection Off (1 reboots left)": suspended for a number of restarts. */
  rebootsLeft: number | null;
}

/**
 * Only "fully encrypted and protection on" is encrypted. Fully encrypted with protection off is suspended (a clear
 * key on the disk, as after `manage-bde -protectors -disable` or Windows "device encryption" never activated).
 * Protection "unknown" is what BitLocker reports for a locked volume: the running system volume is never locked, so
 * Ward does not guess.
 */
export function bitLockerState(v: BitLockerVolume): EncryptionState {
  switch (v.conversion) {
    case null:
      return "unknown";
    case "FullyDecrypted":
      return "not_encrypted";
    case "EncryptionInProgress":
    case "EncryptionPaused":
      return "encrypting";
    case "DecryptionInProgress":
    case "DecryptionPaused":
      return "decrypting";
    case "FullyEncrypted":
      if (v.protection === "on") return "encrypted";
      if (v.protection === "off") return "suspended";
      return "unknown";
  }
}

/** The one system volume, or why there is not exactly one. */
export function systemVolume(volumes: readonly BitLockerVolume[]): { volume: BitLockerVolume } | { error: string } {
  const system = volumes.filter((v) => v.isSystem === true);
  if (system.length === 1 && system[0]) return { volume: system[0] };
  if (system.length > 1) return { error: `${system.length} volumes are marked as the operating-system volume` };
  return { error: "no volume is marked as the operating-system volume" };
}

/** "100.0%", "100,0%", "99" → number; anything else → null. */
export function parsePercentage(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  const m = /^\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*$/.exec(text);
  if (!m?.[1]) return null;
  const n = Number(m[1].replace(",", "."));
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}
