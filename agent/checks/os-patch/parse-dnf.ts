// Parses `dnf check-update` (packages with updates) and `dnf updateinfo list --security` (security advisories).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { isRealDate } from "./pending.js";

export interface DnfUpdate {
  /** "name.arch" as dnf prints it. */
  package: string;
  version: string;
  repo: string;
}

/**
 * `dnf check-update` prints a "Last metadata expiration check: …" line, a blank line, then "name.arch version repo"
 * rows; an "Obsoleting Packages" section may follow (its rows are indented or repeat packages: kept out). Exit 100
 * means updates exist, 0 none (the probe accepts both). A row that is not three columns is not understood.
 */
export function parseDnfCheckUpdate(text: string): Parsed<DnfUpdate[]> {
  const out: DnfUpdate[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    const line = raw.trim();
    if (/^Last metadata expiration check:/.test(line)) continue;
    if (/^Obsoleting Packages/.test(line)) break;
    if (/^(Security:|Updating Subscription|This system is)/.test(line)) continue;
    const cols = line.split(/\s+/);
    if (cols.length !== 3 || !/\.[A-Za-z0-9_]+$/.test(cols[0]!)) {
      return unparsed(`dnf check-update printed a line Ward does not read: ${line.slice(0, 120)}`);
    }
    out.push({ package: cols[0]!, version: cols[1]!, repo: cols[2]! });
  }
  return parsed(out);
}

export interface DnfAdvisory {
  advisory: string;
  /** "Critical", "Important", "Moderate", "Low", or "None". */
  severity: string;
  package: string;
  /** dnf5 prints when the advisory was issued (YYYY-MM-DD); dnf4 does not (null). */
  issued: string | null;
}

// dnf4: "FEDORA-2021-83fdddca0f Moderate/Sec.  curl-7.76.1-7.fc34.x86_64"
const DNF4 = /^(\S+)\s+(\w+)\/Sec\.\s+(\S+)$/;
// dnf5: "FEDORA-2024-… security Moderate curl-… 2024-01-19 00:00:00" (name, type, severity, package, issued)
const DNF5 =
  /^(\S+)\s+(security|bugfix|enhancement|newpackage|unspecified)\s+(\S+)\s+(\S+)\s+(\d{4}-\d{2}-\d{2})(?:\s+\d{2}:\d{2}:\d{2})?$/;

/** Rows of other advisory types (dnf5 lists them when --security is not honoured) are dropped, not counted. */
export function parseDnfUpdateinfo(text: string): Parsed<DnfAdvisory[]> {
  const out: DnfAdvisory[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (/^Last metadata expiration check:/.test(line)) continue;
    if (/^Name\s+Type\s+Severity\s+Package\s+Issued$/.test(line)) continue;
    if (/^Updating and loading repositories:|^Repositories loaded\.$/.test(line)) continue;
    const m4 = DNF4.exec(line);
    if (m4) {
      out.push({ advisory: m4[1]!, severity: m4[2]!, package: m4[3]!, issued: null });
      continue;
    }
    const m5 = DNF5.exec(line);
    if (m5) {
      if (m5[2] === "security") {
        out.push({ advisory: m5[1]!, severity: m5[3]!, package: m5[4]!, issued: isRealDate(m5[5]!) ? m5[5]! : null });
      }
      continue;
    }
    return unparsed(`dnf updateinfo printed a line Ward does not read: ${line.slice(0, 120)}`);
  }
  return parsed(out);
}
