// Pure parser for `manage-bde -status` (English only): one BitLockerVolume per "Volume X: [label]" block.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { type BitLockerConversion, type BitLockerVolume, parsePercentage } from "./bitlocker-state.js";

/*
 * manage-bde prints its labels and values in the display language of Windows: "Conversion Status:    Fully
 * Encrypted" in English, "Konvertierungsstatus:         Vollständig entschlüsselt" in German. Only English is read;
 * any other language is an error (the check then falls back to Get-BitLockerVolume, whose property and enum names do
 * not change with the language). Decimal commas ("100,0%") appear with English labels on some regional settings.
 *
 * Layout: a banner, then per volume
 *   Volume C: [Windows]            (or: Volume \\?\Volume{guid}\ [label] for volumes without a letter)
 *   [OS Volume]                    ([Data Volume] for the others)
 *       Conversion Status:    Used Space Only Encrypted
 *       Percentage Encrypted: 100.0%
 *       Protection Status:    Protection On      (Protection Off, Protection Off (1 reboots left), Protection Unknown)
 * Documentation excerpts sometimes show the field lines without a Volume header: that is one volume of unknown name.
 */

const CONVERSIONS: Record<string, BitLockerConversion> = {
  "fully decrypted": "FullyDecrypted",
  "fully encrypted": "FullyEncrypted",
  "used space only encrypted": "FullyEncrypted",
  "encryption in progress": "EncryptionInProgress",
  "decryption in progress": "DecryptionInProgress",
  "encryption paused": "EncryptionPaused",
  "decryption paused": "DecryptionPaused",
};

const VOLUME_HEADER = /^Volume\s+(.+?)\s*(?:\[[^\]]*\])?\s*$/;
const FIELD = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/;

export function parseManageBde(text: string): Parsed<BitLockerVolume[]> {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (!lines.some((l) => l !== "")) return unparsed("manage-bde printed nothing");
  if (!lines.some((l) => /^Conversion Status:/i.test(l))) {
    return unparsed("manage-bde printed no English 'Conversion Status' line (another display language, or an error)");
  }
  const volumes: BitLockerVolume[] = [];
  let current: BitLockerVolume | null = null;
  const open = (mount: string | null): BitLockerVolume => {
    const v: BitLockerVolume = {
      mount,
      isSystem: null,
      conversion: null,
      protection: null,
      percentage: null,
      rebootsLeft: null,
    };
    volumes.push(v);
    return v;
  };
  for (const line of lines) {
    const header = VOLUME_HEADER.exec(line);
    if (header?.[1]) {
      current = open(header[1].replace(/^"|"$/g, ""));
      continue;
    }
    if (current && /^\[OS Volume\]$/i.test(line)) current.isSystem = true;
    else if (current && /^\[Data Volume\]$/i.test(line)) current.isSystem = false;
    const field = FIELD.exec(line);
    if (!field?.[1]) continue;
    const key = field[1].toLowerCase();
    const value = (field[2] ?? "").trim();
    if (key === "conversion status") {
      current ??= open(null);
      current.conversion = CONVERSIONS[value.toLowerCase()] ?? null;
    } else if (key === "percentage encrypted") {
      current ??= open(null);
      current.percentage = parsePercentage(value);
    } else if (key === "protection status") {
      current ??= open(null);
      const p = parseProtection(value);
      current.protection = p.protection;
      current.rebootsLeft = p.rebootsLeft;
    }
  }
  return parsed(volumes);
}

function parseProtection(value: string): { protection: BitLockerVolume["protection"]; rebootsLeft: number | null } {
  const v = value.toLowerCase();
  if (v === "protection on") return { protection: "on", rebootsLeft: null };
  const off = /^protection off(?:\s*\((\d+) reboots? left\))?$/.exec(v);
  if (off) return { protection: "off", rebootsLeft: off[1] ? Number(off[1]) : null };
  if (v === "protection unknown") return { protection: "unknown", rebootsLeft: null };
  return { protection: null, rebootsLeft: null };
}
