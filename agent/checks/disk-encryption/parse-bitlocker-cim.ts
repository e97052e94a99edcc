// Pure parser for the win.bitlocker-cim probe: Win32_EncryptableVolume rows with their method results, as JSON.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import type { BitLockerConversion, BitLockerVolume } from "./bitlocker-state.js";

/*
 * One row per volume (an array; a single object is accepted too, as ConvertTo-Json prints one row that way):
 *   {"volume": {…the WMI object…, "DriveLetter": "C:", "VolumeType": 0, "ConversionStatus": 1, "ProtectionStatus": 1},
 *    "conversionStatus": {"ConversionStatus": 1, "EncryptionPercentage": 100, "ReturnValue": 0},
 *    "protectionStatus": {"ProtectionStatus": 1, "ReturnValue": 0}, "systemDrive": "C:"}
 * Mondoo's real capture (the fixture) has volume and conversionStatus without ReturnValue, and no protectionStatus:
 * then the volume's own (cached) ProtectionStatus property is used. A method whose ReturnValue is not 0 failed (e.g.
 * 2150694920 = 0x80310008, "not encrypted") and its value is not trusted.
 * Enumerations (Microsoft, Win32_EncryptableVolume): ProtectionStatus 0 off, 1 on, 2 unknown; ConversionStatus
 * 0 FullyDecrypted, 1 FullyEncrypted, 2 EncryptionInProgress, 3 DecryptionInProgress, 4 EncryptionPaused,
 * 5 DecryptionPaused; VolumeType 0 operating-system volume, 1 fixed data, 2 portable (USB) data.
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

type Row = Record<string, unknown>;

export function parseBitLockerCim(text: string): Parsed<BitLockerVolume[]> {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") return unparsed("the BitLocker WMI query printed nothing");
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return unparsed("the BitLocker WMI query did not print JSON");
  }
  const rows = Array.isArray(doc) ? doc : [doc];
  if (rows.length === 0) return unparsed("Win32_EncryptableVolume listed no volume");
  const volumes: BitLockerVolume[] = [];
  for (const row of rows) {
    if (!isRow(row) || !isRow(row.volume)) return unparsed("a BitLocker WMI row has no volume object");
    const vol = row.volume;
    const conv = isRow(row.conversionStatus) ? row.conversionStatus : null;
    const prot = isRow(row.protectionStatus) ? row.protectionStatus : null;
    const letter = typeof vol.DriveLetter === "string" && vol.DriveLetter !== "" ? vol.DriveLetter.toUpperCase() : null;
    const systemDrive = typeof row.systemDrive === "string" ? row.systemDrive.toUpperCase() : null;
    const convCode = conv ? (succeeded(conv) ? conv.ConversionStatus : undefined) : vol.ConversionStatus;
    const protCode = prot ? (succeeded(prot) ? prot.ProtectionStatus : undefined) : vol.ProtectionStatus;
    const pct = conv && succeeded(conv) ? conv.EncryptionPercentage : undefined;
    volumes.push({
      mount: letter,
      isSystem:
        vol.VolumeType === 0 || (letter !== null && letter === systemDrive)
          ? true
          : typeof vol.VolumeType === "number"
            ? false
            : null,
      conversion: enumAt(CONVERSION, convCode) ?? null,
      protection: enumAt(PROTECTION, protCode) ?? null,
      percentage: typeof pct === "number" && pct >= 0 && pct <= 100 ? pct : null,
      rebootsLeft: null,
    });
  }
  return parsed(volumes);
}

/** A method result without ReturnValue (Mondoo's capture) or with ReturnValue 0. */
function succeeded(result: Row): boolean {
  return result.ReturnValue === undefined || result.ReturnValue === 0;
}

function isRow(v: unknown): v is Row {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function enumAt<T>(values: readonly T[], index: unknown): T | undefined {
  return typeof index === "number" && Number.isInteger(index) ? values[index] : undefined;
}
