// Parses `find /var/lib/apt/lists /var/lib/apt/periodic -maxdepth 1 -printf '%T@ %f\n'`: when apt last fetched lists.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface AptListsInfo {
  /** Newest trustworthy modification time (epoch ms): a lower bound on when apt-get update last succeeded. */
  newestMs: number;
  /** A list from a security archive is present (…_jammy-security_…, …debian-security…); without one apt cannot tell. */
  hasSecurityArchive: boolean;
  fileCount: number;
}

/**
 * Each line is "<epoch seconds with fraction> <name>". What moves, as tried on the Ward dev machine (Debian 12):
 * - a list file is replaced (and the "lists" directory's time moves) only when its content changed; an unchanged file
 *   keeps its old time, often the server's Last-Modified, so a successful update with nothing new moves nothing;
 * - "partial" moves on every attempt, failed ones too (tried offline through a dead proxy), so it proves nothing;
 * - "update-success-stamp" (in /var/lib/apt/periodic) is touched by apt's daily timer only after a successful update.
 * The newest of the lists, their directory and the success stamp is therefore a lower bound on freshness: Ward may
 * think fresh lists older than they are (and answer unknown), never the reverse.
 */
export function parseAptLists(text: string): Parsed<AptListsInfo> {
  let newest = -1;
  let hasSecurity = false;
  let files = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^(\d+(?:\.\d+)?) (.+)$/.exec(line);
    if (!m) return unparsed(`find printed a line Ward does not read: ${line.slice(0, 120)}`);
    const ms = Math.round(Number(m[1]) * 1000);
    // Device text: a time outside what a Date can hold would later throw; refuse it here.
    if (!Number.isFinite(ms) || ms > MAX_DATE_MS)
      return unparsed(`find printed an impossible time: ${m[1]!.slice(0, 30)}`);
    const name = m[2]!;
    if (IGNORED.has(name)) continue;
    if (name !== "lists" && name !== "update-success-stamp") {
      files++;
      if (/-security[_.]|debian-security|security\.ubuntu\.com/.test(name)) hasSecurity = true;
    }
    newest = Math.max(newest, ms);
  }
  if (files === 0) return unparsed("apt has no package lists (apt-get update has never run)");
  return parsed({ newestMs: newest, hasSecurityArchive: hasSecurity, fileCount: files });
}

const MAX_DATE_MS = 8.64e15;

const IGNORED = new Set([
  "lock",
  "partial",
  "auxfiles",
  "periodic",
  "update-stamp",
  "download-upgradeable-stamp",
  "upgrade-stamp",
  "unattended-upgrades-stamp",
  "update-notifier-check-stamp",
]);
