// Decides whether this OS release still gets security fixes: the policy's overrides first, then Ward's dated table.
import {
  END_OF_SUPPORT,
  END_OF_SUPPORT_COMPILED_ON,
  type EndOfSupportRow,
  MACOS_OLDEST_LISTED,
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
    return { ...base, status: "unknown", endOfSupport: null, source: null, fromPolicy: false, reason: "Ward could not tell which release this is." };
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
  if (found.length === 0 && platform === "macos" && olderMacos(release)) {
    return {
      ...base,
      status: "ended",
      endOfSupport: null,
      source: "https://support.apple.com/en-gb/100100",
      fromPolicy: false,
      reason: `macOS ${release} is older than every release Apple still patches.`,
    };
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
    const end = found.map((f) => f.end!).sort().at(-1)!;
    return { ...base, status: "ended", endOfSupport: end, source, fromPolicy, reason: `Security fixes ended on ${longDate(end)}.` };
  }
  if (states.every((s) => s.status === "supported")) {
    const ends = found.map((f) => f.end).filter((e): e is string => e !== null).sort();
    const end = ends[0] ?? null;
    const reason = end ? `Security fixes continue until ${longDate(end)}.` : "The vendor has announced no end of security fixes.";
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

function olderMacos(release: string): boolean {
  return compareVersions(release, MACOS_OLDEST_LISTED) < 0;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2025-10-14" → "14 October 2025", as a UK clerk writes a date. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}
