// Pure parser for `fdesetup status`: FileVault on, off, encrypting or decrypting, with the percentage when printed.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/*
 * `fdesetup status` (no root needed) prints one of (English only; fdesetup is not localised):
 *   FileVault is On.
 *   FileVault is Off.
 *   FileVault is Off.\nDeferred enablement appears to be active for user '<name>'.   (turns on at next logout)
 *   FileVault is On.\nEncryption in progress: Percent completed = 42.5
 *   FileVault is On.\nEncryption in progress: Pending          (paused, e.g. on battery)
 *   Decryption in progress: Percent completed = 25.0
 * A line "FileVault master keychain appears to be installed." may follow. It reports FileVault, not the hardware
 * encryption every T2/Apple-silicon Mac has (osquery #5223): FileVault is what protects a lost Mac.
 */

export interface FdesetupStatus {
  status: "on" | "off" | "encrypting" | "decrypting";
  percentage: number | null;
  deferred: boolean;
}

export function parseFdesetup(text: string): Parsed<FdesetupStatus> {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const progress = (verb: string): { found: boolean; percentage: number | null } => {
    const line = lines.find((l) => l.startsWith(`${verb} in progress:`));
    if (!line) return { found: false, percentage: null };
    const m = /Percent completed = (\d{1,3}(?:\.\d+)?)/i.exec(line);
    const n = m?.[1] ? Number(m[1]) : null;
    return { found: true, percentage: n !== null && n >= 0 && n <= 100 ? n : null };
  };
  const on = lines.includes("FileVault is On.");
  const off = lines.includes("FileVault is Off.");
  const deferred = lines.some((l) => l.startsWith("Deferred enablement appears to be active"));
  const dec = progress("Decryption");
  if (dec.found) return parsed({ status: "decrypting", percentage: dec.percentage, deferred });
  const enc = progress("Encryption");
  if (enc.found) return parsed({ status: "encrypting", percentage: enc.percentage, deferred });
  if (on && !off) return parsed({ status: "on", percentage: null, deferred });
  if (off && !on) return parsed({ status: "off", percentage: null, deferred });
  const first = lines.find((l) => l !== "") ?? "";
  return unparsed(first ? `fdesetup printed something Ward does not recognise: "${first.slice(0, 120)}"` : "fdesetup printed nothing");
}
