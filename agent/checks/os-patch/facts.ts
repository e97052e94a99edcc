// The facts os-patch reports: OS identity, what end of support applies, pending updates and their ages, and which
// probes answered. Unknowns are explicit (null with a reason), never a default that looks like a pass.
import type { OsPlatform } from "../../../shared/schemas/control.js";

export type PendingFacts = {
  /** "unknown" when no probe could say what is pending; `reason` says why. */
  status: "known" | "unknown";
  reason: string | null;
  count: number | null;
  securityCount: number | null;
  /** Titles for the IT provider (package, KB or Apple label), capped at TITLE_CAP. */
  titles: string[];
  titlesTruncated: boolean;
  /** Age of the oldest pending update in days. */
  oldestPendingDays: number | null;
  /** True when some age is measured from when Ward first saw the update pending: the real age may be greater. */
  oldestIsLowerBound: boolean;
  securityOldestDays: number | null;
  securityOldestIsLowerBound: boolean;
  /** Every pending security update has a vendor release date (so "younger than the limit" is proven). */
  securityAllDated: boolean;
  /** Age in days of the package lists or cached answer the pending list came from (null: fetched just now). */
  sourceAgeDays: number | null;
  sourceNote: string | null;
};

export type OsPatchFacts = {
  /** When the facts were collected (evaluate compares end-of-support dates with it). */
  checkedAt: string;
  os: {
    platform: OsPlatform;
    name: string | null;
    version: string | null;
    build: string | null;
    edition: string | null;
  };
  /** End-of-support table keys: candidate products (two when the Windows edition is unknown) and the release. */
  eosKey: { products: string[]; release: string | null; note: string | null };
  pending: PendingFacts;
  /** Windows: newest Get-HotFix install date, for the IT provider. */
  lastPatchInstalledOn: string | null;
  probesAnswered: string[];
};

export const TITLE_CAP = 50;

export function unknownPending(reason: string): PendingFacts {
  return {
    status: "unknown",
    reason,
    count: null,
    securityCount: null,
    titles: [],
    titlesTruncated: false,
    oldestPendingDays: null,
    oldestIsLowerBound: false,
    securityOldestDays: null,
    securityOldestIsLowerBound: false,
    securityAllDated: false,
    sourceAgeDays: null,
    sourceNote: null,
  };
}
