// The facts os-patch collects, typed from the shared schema (shared/controls/os-patch.ts). Unknowns are explicit
// (null with a reason), never a default that looks like a pass.
import type { z } from "zod";
import type { OsPatchCollected, PendingUpdates } from "../../../shared/controls/os-patch.js";

export type PendingFacts = z.infer<typeof PendingUpdates>;
export type OsPatchFacts = z.infer<typeof OsPatchCollected>;
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
