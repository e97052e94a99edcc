// Pure parser for `reg query` output (values of one key, or the subkeys of a hive), including "not found".
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export type RegValue = { type: string; data: string };

export type RegQuery =
  | { found: false }
  | {
      found: true;
      /** Full paths of the keys printed (the queried key, or each subkey of `reg query HKU`). */
      keys: string[];
      /** Values by lower-cased name: registry names are case-insensitive. */
      values: Record<string, RegValue>;
    };

/**
 * `reg query KEY [/v NAME]` prints the key path on its own line ("HKEY_CURRENT_USER\Control Panel\Desktop"), then
 * one line per value: 4 spaces, NAME, 4 spaces, REG_TYPE, 4 spaces, DATA (REG_DWORD data is hex, "0x384").
 * Subkeys are printed as further full-path lines. When the key or value is absent it writes
 * "ERROR: The system was unable to find the specified registry key or value." to stderr and exits 1. That sentence
 * is localised on non-English Windows, so an unrecognised error stays an error (the check answers unknown).
 */
export function parseRegQuery(stdout: string, stderr = "", exitCode: number | null = 0): Parsed<RegQuery> {
  const text = stdout.replace(/^\uFEFF/, "");
  const keys: string[] = [];
  const values: Record<string, RegValue> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    if (line.trim() === "") continue;
    if (/^HKEY_[A-Z_]+(\\.*)?$/.test(line)) {
      keys.push(line);
      continue;
    }
    const m = /^\s*(\S(?:.*?\S)?)\s{2,}(REG_[A-Z_]+)(?:\s{2,}(.*))?$/.exec(line);
    if (m?.[1] && m[2]) {
      values[m[1].toLowerCase()] = { type: m[2], data: (m[3] ?? "").trim() };
      continue;
    }
    if (/^End of search:/i.test(line.trim())) continue;
    return unparsed(`reg printed a line Ward does not recognise: "${line.trim().slice(0, 120)}"`);
  }
  if (keys.length > 0 || Object.keys(values).length > 0) return parsed({ found: true, keys, values });
  if (/unable to find the specified registry key or value/i.test(stderr)) return parsed({ found: false });
  const why = firstLine(stderr) || firstLine(stdout);
  return unparsed(
    why
      ? `reg answered "${why}" (exit code ${exitCode ?? "none"})`
      : `reg printed nothing (exit code ${exitCode ?? "none"})`,
  );
}

/** REG_DWORD data as reg prints it ("0x384"); decimal is accepted too. Null when it is not a number. */
export function regNumber(value: RegValue | undefined): number | null {
  if (!value) return null;
  const d = value.data.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(d)) return Number.parseInt(d, 16);
  if (/^\d{1,10}$/.test(d)) return Number.parseInt(d, 10);
  return null;
}

/**
 * The logged-on users' hives under HKEY_USERS: local and domain accounts (S-1-5-21-…) and Microsoft Entra ID accounts
 * (S-1-12-1-…), without the "_Classes" twins; .DEFAULT and the service accounts S-1-5-18/19/20 are not people.
 */
export function userSids(query: RegQuery): string[] {
  if (!query.found) return [];
  const sids = new Set<string>();
  for (const key of query.keys) {
    const m = /^HKEY_USERS\\(S-1-(?:5-21|12-1)(?:-\d+)+)$/i.exec(key);
    if (m?.[1]) sids.add(m[1].toUpperCase());
  }
  return [...sids];
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim().slice(0, 200);
}
