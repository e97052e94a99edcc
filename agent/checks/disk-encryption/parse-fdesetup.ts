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
 *   FileVault is Off, but will be enabled after the next restart.   (still off: not protected yet)
 *   FileVault is On, but needs to be restarted to finish.           (read as encrypting: not finished)
 *   FileVault is Off, but needs to be restarted to finish.          (read as decrypting: being turned off)
 * A line "FileVault master keychain appears to be installed." may follow. It reports FileVault, not the hardware
 * encryption every T2/Apple-silicon Mac has (osquery #5223): FileVault is what protects a lost Mac.
 */

export interface FdesetupStatus {
  status: "on" | "off" | "encrypting" | "decrypting";
  /** fdesetup's "Percent completed" of the conversion under way (of decryption when decrypting). */
  percentage: number | null;
  deferred: boolean;
  /** The "but …" part of the headline ("will be enabled after the next restart"), when printed. */
  pending: string | null;
}

const HEADLINES: Record<string, { status: FdesetupStatus["status"]; pending: string | null }> = {
  "FileVault is On.": { status: "on", pending: null },
  "FileVault is Off.": { status: "off", pending: null },
  "FileVault is Off, but will be enabled after the next restart.": {
    status: "off",
    pending: "will be enabled after the next restart",
  },
  "FileVault is On, but needs to be restarted to finish.": {
    status: "encrypting",
    pending: "needs a restart to finish turning on",
  },
  "FileVault is Off, but needs to be restarted to finish.": {
    status: "decrypting",
    pending: "needs a restart to finish turning off",
  },
};

export function parseFdesetup(text: string): Parsed<FdesetupStatus> {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const progress = (verb: string): { found: boolean; percentage: number | null } => {
    const line = lines.find((l) => l.startsWith(`${verb} in progress:`));
    if (!line) return { found: false, percentage: null };
    const m = /Percent completed = (\d{1,3}(?:\.\d+)?)/i.exec(line);
    const n = m?.[1] ? Number(m[1]) : null;
    return { found: true, percentage: n !== null && n >= 0 && n <= 100 ? n : null };
  };
  const headlines = lines.filter((l) => l.startsWith("FileVault is ")).map((l) => HEADLINES[l]);
  const deferred = lines.some((l) => l.startsWith("Deferred enablement appears to be active"));
  const pending = headlines[0]?.pending ?? null;
  const dec = progress("Decryption");
  if (dec.found) return parsed({ status: "decrypting", percentage: dec.percentage, deferred, pending });
  const enc = progress("Encryption");
  if (enc.found) return parsed({ status: "encrypting", percentage: enc.percentage, deferred, pending });
  const head = headlines.length === 1 ? headlines[0] : undefined;
  if (head) return parsed({ status: head.status, percentage: null, deferred, pending });
  const first = lines.find((l) => l !== "") ?? "";
  return unparsed(
    first ? `fdesetup printed something Ward does not recognise: "${first.slice(0, 120)}"` : "fdesetup printed nothing",
  );
}
