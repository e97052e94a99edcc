// Decides whether this OS release still gets security fixes: the policy's overrides first, then Ward's dated table.
import {
  END_OF_SUPPORT,
  END_OF_SUPPORT_COMPILED_ON,
  type EndOfSupportRow,
  releaseRank,
} from "../../../shared/data/end-of-support.js";
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { EndOfSupportOverride } from "../../../shared/schemas/policy.js";

export type EosStatus = "supported" | "ended" | "unknown";

export type EosResult = {
  status: EosStatus;
  /** Last day of security fixes, when one applies. */
  endOfSupport: string | null;
  source: string | null;
  /** The row came from the council's policy rather than Ward's built-in table. */
  fromPolicy: boolean;
  reason: string;
  tableCompiledOn: string;
};

interface Found {
  end: string | null;
  reviewBy: string | null;
  source: string;
  fromPolicy: boolean;
}

export function lookupEos(
  platform: OsPlatform,
  products: readonly string[],
  release: string | null,
  overrides: readonly EndOfSupportOverride[],
  checkedAt: string,
  table: readonly EndOfSupportRow[] = END_OF_SUPPORT,
): EosResult {
  const base = { tableCompiledOn: END_OF_SUPPORT_COMPILED_ON };
  const today = checkedAt.slice(0, 10);
  if (release === null || products.length === 0) {
    return {
      ...base,
      status: "unknown",
      endOfSupport: null,
      source: null,
      fromPolicy: false,
      reason: "Ward could not tell which release this is.",
    };
  }
  const found: Found[] = [];
  for (const product of products) {
    const o = overrides.find((r) => r.platform === platform && r.product === product && r.release === release);
    if (o) {
      found.push({ end: o.endOfSupport, reviewBy: null, source: o.source, fromPolicy: true });
      continue;
    }
    const row = table.find((r) => r.platform === platform && r.product === product && r.release === release);
    if (row) found.push({ end: row.endOfSupport, reviewBy: row.reviewBy, source: row.source, fromPolicy: false });
  }
  if (found.length === 0) {
    const older = olderThanListed(platform, products, release, table, today);
    if (older) {
      return {
        ...base,
        status: "ended",
        endOfSupport: null,
        source: older.source,
        fromPolicy: false,
        reason: `It is older than release ${older.oldest}, the oldest in Ward's table, whose security fixes ended on ${longDate(older.end)}.`,
      };
    }
  }
  if (found.length < products.length) {
    return {
      ...base,
      status: "unknown",
      endOfSupport: null,
      source: null,
      fromPolicy: false,
      reason: `Ward's end-of-support table (compiled ${END_OF_SUPPORT_COMPILED_ON}) has no date for ${products.join(" or ")} ${release}.`,
    };
  }
  const states = found.map((f) => stateOf(f, today));
  const fromPolicy = found.some((f) => f.fromPolicy);
  const source = [...new Set(found.map((f) => f.source))].join("; ");
  if (states.every((s) => s.status === "ended")) {
    const end = found
      .map((f) => f.end!)
      .sort()
      .at(-1)!;
    return {
      ...base,
      status: "ended",
      endOfSupport: end,
      source,
      fromPolicy,
      reason: `Security fixes ended on ${longDate(end)}.`,
    };
  }
  if (states.every((s) => s.status === "supported")) {
    const ends = found
      .map((f) => f.end)
      .filter((e): e is string => e !== null)
      .sort();
    const end = ends[0] ?? null;
    const reason = end
      ? `Security fixes continue until ${longDate(end)}.`
      : "The vendor has announced no end of security fixes.";
    return { ...base, status: "supported", endOfSupport: end, source, fromPolicy, reason };
  }
  const why = states.find((s) => s.status === "unknown")?.reason;
  return {
    ...base,
    status: "unknown",
    endOfSupport: null,
    source,
    fromPolicy,
    reason: why ?? "The end of support depends on the Windows edition, which Ward could not read.",
  };
}

function stateOf(f: Found, today: string): { status: EosStatus; reason: string } {
  if (f.end !== null) return today > f.end ? { status: "ended", reason: "" } : { status: "supported", reason: "" };
  if (f.reviewBy !== null && today > f.reviewBy) {
    return {
      status: "unknown",
      reason: `Ward's end-of-support table cannot vouch for this release after ${longDate(f.reviewBy)}: a newer release may have ended its support. The IT provider can record the date in the policy.`,
    };
  }
  return { status: "supported", reason: "" };
}

/**
 * "Older than anything listed", for every OS family: a release that sorts before every row of its product, when that
 * oldest row has itself ended, ended no later (vendors do not patch an older release longer than a newer one of the
 * same product and edition; LTSC is its own product for that reason). Needs every product to agree; else null.
 */
function olderThanListed(
  platform: OsPlatform,
  products: readonly string[],
  release: string,
  table: readonly EndOfSupportRow[],
  today: string,
): { oldest: string; end: string; source: string } | null {
  const rank = releaseRank(platform, release);
  if (rank === null) return null;
  let answer: { oldest: string; end: string; source: string } | null = null;
  for (const product of products) {
    const rows = table.filter((r) => r.platform === platform && r.product === product);
    const ranked = rows.map((r) => ({ r, rank: releaseRank(platform, r.release) }));
    if (ranked.length === 0 || ranked.some((x) => x.rank === null)) return null;
    const oldest = ranked.reduce((a, b) => (compareRanks(b.rank!, a.rank!) < 0 ? b : a));
    if (compareRanks(rank, oldest.rank!) >= 0) return null;
    if (oldest.r.endOfSupport === null || today <= oldest.r.endOfSupport) return null;
    if (answer === null || oldest.r.endOfSupport > answer.end) {
      answer = { oldest: oldest.r.release, end: oldest.r.endOfSupport, source: oldest.r.source };
    }
  }
  return answer;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2025-10-14" → "14 October 2025", as a UK clerk writes a date. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}
