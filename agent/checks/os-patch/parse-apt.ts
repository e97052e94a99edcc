// Parses `apt list --upgradable` (one line per package) and Ubuntu's apt-check answer ("updates;security" on stderr).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface AptUpgrade {
  name: string;
  /** Archives the new version comes from: "jammy-updates", "jammy-security", "oldstable-security", "stable". */
  archives: string[];
  newVersion: string;
  arch: string;
  oldVersion: string;
  /** From a *-security archive. Ubuntu also copies security fixes to -updates; both are listed when so. */
  security: boolean;
}

// name/archive[,archive…] version arch [upgradable from: old]
const LINE = /^(\S+?)\/(\S+)\s+(\S+)\s+(\S+)\s+\[upgradable from: ([^\]]+)\]\s*$/;

/**
 * The header is "Listing..." or "Listing... Done" (English: the probe runs with LC_ALL=C). "N: There is 1 additional
 * version…" notes are skipped. Any other line is not understood and makes the whole answer unparsed, never a pass.
 */
export function parseAptUpgradable(text: string): Parsed<AptUpgrade[]> {
  const out: AptUpgrade[] = [];
  let sawHeader = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    if (/^Listing\.\.\.( Done)?$/.test(line)) {
      sawHeader = true;
      continue;
    }
    if (line.startsWith("N: ") || line.startsWith("WARNING: ")) continue;
    const m = LINE.exec(line);
    if (!m) return unparsed(`apt printed a line Ward does not read: ${line.slice(0, 120)}`);
    const archives = m[2]!.split(",").filter(Boolean);
    out.push({
      name: m[1]!,
      archives,
      newVersion: m[3]!,
      arch: m[4]!,
      oldVersion: m[5]!.trim(),
      security: archives.some((a) => /-security$/.test(a)),
    });
  }
  if (!sawHeader && out.length === 0) return unparsed("apt printed nothing Ward recognises (no 'Listing...' header)");
  return parsed(out);
}

export interface AptCheckCounts {
  updates: number;
  security: number;
}

/** apt-check writes "12;5" to stderr (no newline). Anything else (a Python traceback) is not understood. */
export function parseAptCheck(stderr: string): Parsed<AptCheckCounts> {
  const m = /^\s*(\d+);(\d+)\s*$/.exec(stderr);
  if (!m) return unparsed(`apt-check answered something other than 'updates;security': ${stderr.trim().slice(0, 120)}`);
  const updates = Number(m[1]);
  const security = Number(m[2]);
  if (security > updates)
    return unparsed(`apt-check counted more security updates (${security}) than updates (${updates})`);
  return parsed({ updates, security });
}
