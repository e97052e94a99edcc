// Pure parser for `cryptsetup status <mapping>`: is the mapping active, and what kind of dm-crypt target is it.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/*
 * cryptsetup (not localised) prints, for an open mapping:
 *   /dev/mapper/dm_crypt-0 is active and is in use.      ("is active." when nothing holds it open)
 *     type:    LUKS2                                     (LUKS1, PLAIN, TCRYPT, BITLK, VERITY, INTEGRITY, n/a)
 *     cipher:  aes-xts-plain64
 *     device:  /dev/sda3
 * and "<name> is inactive." (exit 4) for a closed one. It needs root: as another user it prints "Cannot initialize
 * device-mapper, running as non-root user." on stderr and exits 1. dm-verity and dm-integrity devices also appear
 * as TYPE crypt in lsblk, but they do not encrypt: VERITY and INTEGRITY are reported as not encryption.
 */

export interface CryptsetupStatus {
  active: boolean;
  /** "LUKS1", "LUKS2", "PLAIN", "VERITY", …; null when no type line was printed. */
  type: string | null;
  /** true for types that encrypt data (LUKS1, LUKS2, PLAIN, TCRYPT, BITLK). */
  encrypts: boolean | null;
}

const ENCRYPTING_TYPES = new Set(["LUKS1", "LUKS2", "PLAIN", "TCRYPT", "BITLK", "LOOPAES"]);
const NON_ENCRYPTING_TYPES = new Set(["VERITY", "INTEGRITY"]);

export function parseCryptsetupStatus(text: string): Parsed<CryptsetupStatus> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const first = lines[0];
  if (!first) return unparsed("cryptsetup printed nothing");
  let active: boolean;
  if (/ is active(?: and is in use)?\.$/.test(first)) active = true;
  else if (/ is inactive\.$/.test(first)) active = false;
  else return unparsed(`cryptsetup printed something Ward does not recognise: "${first.slice(0, 120)}"`);
  const typeLine = lines.find((l) => /^type:\s/.test(l));
  const type = typeLine
    ? typeLine
        .replace(/^type:\s*/, "")
        .trim()
        .toUpperCase()
    : null;
  const encrypts =
    type === null ? null : ENCRYPTING_TYPES.has(type) ? true : NON_ENCRYPTING_TYPES.has(type) ? false : null;
  return parsed({ active, type, encrypts });
}
