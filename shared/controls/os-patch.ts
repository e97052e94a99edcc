// Security updates (os-patch): fails past the vendor's end of support or when security updates wait too long.
import { z } from "zod";
import { OsPlatform } from "../schemas/control.js";
import { describeControl } from "./control-description.js";

export const PendingUpdates = z.object({
  /** "unknown" when no probe could say what is pending; `reason` says why. */
  status: z.enum(["known", "unknown"]),
  reason: z.string().nullable(),
  count: z.number().nullable(),
  securityCount: z.number().nullable(),
  /** Titles for the IT provider (package, KB or Apple label), capped. */
  titles: z.array(z.string()),
  titlesTruncated: z.boolean(),
  /** Age of the oldest pending update in days. */
  oldestPendingDays: z.number().nullable(),
  /** True when some age is measured from when Ward first saw the update pending: the real age may be greater. */
  oldestIsLowerBound: z.boolean(),
  securityOldestDays: z.number().nullable(),
  securityOldestIsLowerBound: z.boolean(),
  /** Every pending security update has a vendor release date (so "younger than the limit" is proven). */
  securityAllDated: z.boolean(),
  /** Age in days of the package lists or cached answer the pending list came from (null: fetched just now). */
  sourceAgeDays: z.number().nullable(),
  sourceNote: z.string().nullable(),
});

/** What the agent collects; the reported facts add the end-of-support answer and the policy's limit. */
export const OsPatchCollected = z.object({
  /** When the facts were collected (evaluate compares end-of-support dates with it). */
  checkedAt: z.string(),
  os: z.object({
    platform: OsPlatform,
    name: z.string().nullable(),
    version: z.string().nullable(),
    build: z.string().nullable(),
    edition: z.string().nullable(),
  }),
  /** End-of-support table keys: candidate products (two when the Windows edition is unknown) and the release. */
  eosKey: z.object({ products: z.array(z.string()), release: z.string().nullable(), note: z.string().nullable() }),
  pending: PendingUpdates,
  /** Windows: newest Get-HotFix install date, for the IT provider. */
  lastPatchInstalledOn: z.string().nullable(),
  probesAnswered: z.array(z.string()),
});

export const EndOfSupport = z.object({
  status: z.enum(["supported", "ended", "unknown"]),
  /** Last day of security fixes, when one applies. */
  endOfSupport: z.string().nullable(),
  source: z.string().nullable(),
  /** The row came from the council's policy rather than Ward's built-in table. */
  fromPolicy: z.boolean(),
  reason: z.string(),
  tableCompiledOn: z.string(),
});

export const OsPatchFacts = OsPatchCollected.extend({ eos: EndOfSupport, maxPendingDays: z.number() });
export type OsPatchFacts = z.infer<typeof OsPatchFacts>;

export const osPatch = describeControl({
  id: "os-patch",
  title: "Security updates",
  shortTitle: "Updates",
  plainName: "security updates",
  facts: OsPatchFacts,
  states: {
    fail: {
      why: "Known security holes stay open until the updates are installed.",
      remediation: [
        "Ask the laptop's user to install the waiting updates and restart (Windows: Settings > Windows Update; Mac: System Settings > General > Software Update).",
      ],
    },
    unknown: {
      why: "Until Ward can see which updates are waiting, nobody can show that this laptop's known security holes are closed.",
      remediation: ["Ask your IT provider to look at this laptop's Ward report and check its updates by hand."],
    },
  },
  alerts: {
    timing: "at-once",
    kinds: [
      {
        kind: "out-of-support",
        headline: "The operating system no longer gets security fixes",
        when: (facts) => facts.eos?.status === "ended",
        wording: {
          why: "Its maker no longer fixes security holes in this version, so new ones stay open for good.",
          remediation: [
            "Ask your IT provider to upgrade the laptop to a supported version of its operating system, or to replace it if it cannot be upgraded.",
          ],
        },
      },
      { kind: "updates-waiting", headline: "Security updates have been waiting too long" },
    ],
  },
});
