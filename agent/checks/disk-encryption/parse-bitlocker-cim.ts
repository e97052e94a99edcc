// Pure parser for the win.bitlocker-cim probe: Win32_EncryptableVolume rows as JSON (one object or an array).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import type { BitLockerConversion, BitLockerVolume } from "./bitlocker-state.js";

/*
 * The probe's script (probes-windows.ts) prints, per Win32_EncryptableVolume instance, an object
 *   {"DriveLetter":"C:","VolumeType":0,"ProtectionStatus":1,"ProtectionReturn":0,
 *    "ConversionStatus":1,"EncryptionPercentage":100,"ConversionReturn":0,"SystemDrive":"C:"}
 * through ConvertTo-Json: one volume prints an object, several print an array, none prints nothing.
 * ProtectionStatus comes from GetProtectionStatus() (the cached property can be stale: osquery PR #8931) and
 * ConversionStatus/EncryptionPercentage from GetConversionStatus(); *Return is the method's HRESULT (0 = success).
 * Enumerations (Microsoft, Win32_EncryptableVolume): ProtectionStatus 0 off, 1 on, 2 unknown; ConversionStatus
 * 0 FullyDecrypted, 1 FullyEncrypted, 2 EncryptionInProgress, 3 DecryptionInProgress, 4 EncryptionPaused,
 * 5 DecryptionPaused; VolumeType 0 operating-system volume, 1 fixed data, 2 portable data.
 * No public capture of this exact script's output exists: the numbers are the documented enumerations and the JSON
 * envelope is PowerShell's own; anything else is rejected and the check falls back to manage-bde.
 */

const CONVERSION: readonly BitLockerConversion[] = [
  "FullyDecrypted",
  "FullyEncrypted",
  "EncryptionInProgress",
  "DecryptionInProgress",
  "EncryptionPaused",
  "DecryptionPaused",
];
const PROTECTION = ["off", "on", "unknown"] as const;

export function parseBitLockerCim(text: string): Parsed<BitLockerVolume[]> {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return unparsed("Win32_EncryptableVolume listed no volume");
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return unparsed("the BitLocker CIM query did not print JSON");
  }
  const rows = Array.isArray(doc) ? doc : [doc];
  const volumes: BitLockerVolume[] = [];
  for (const row of rows) {
    if (typeof row !== "object" || row === null || !("ConversionStatus" in row) || !("ProtectionStatus" in row)) {
      return unparsed("a BitLocker CIM row has no ConversionStatus or ProtectionStatus");
    }
    const r = row as Record<string, unknown>;
    const letter = typeof r.DriveLetter === "string" && r.DriveLetter !== "" ? r.DriveLetter.toUpperCase() : null;
    const systemDrive = typeof r.SystemDrive === "string" ? r.SystemDrive.toUpperCase() : null;
    const methodsOk = r.ConversionReturn === 0 && r.ProtectionReturn === 0;
    volumes.push({
      mount: letter,
      isSystem: r.VolumeType === 0 || (letter !== null && letter === systemDrive) ? true : typeof r.VolumeType === "number" ? false : null,
      conversion: methodsOk ? (enumAt(CONVERSION, r.ConversionStatus) ?? null) : null,
      protection: methodsOk ? (enumAt(PROTECTION, r.ProtectionStatus) ?? null) : null,
      percentage: methodsOk && typeof r.EncryptionPercentage === "number" && r.EncryptionPercentage >= 0 && r.EncryptionPercentage <= 100 ? r.EncryptionPercentage : null,
      rebootsLeft: null,
    });
  }
  return parsed(volumes);
}

function enumAt<T>(values: readonly T[], index: unknown): T | undefined {
  return typeof index === "number" && Number.isInteger(index) ? values[index] : undefined;
}
