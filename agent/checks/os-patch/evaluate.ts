// Pure verdict for os-patch: end of support, then pending security updates against policy.patch.maxPendingDays.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import { type EosResult, longDate, lookupEos } from "./eos.js";
import type { OsPatchFacts, PendingFacts } from "./facts.js";
import { daysBetween } from "./pending.js";
import { endOfSupportSteps, staleListsSteps, updateSteps } from "./remediation.js";

type Part = { status: "pass" | "fail" | "unknown"; sentence: string; steps: string[] };

export function evaluateOsPatch(facts: OsPatchFacts, policy: Policy, os: OsPlatform): Verdict {
  const max = policy.patch.maxPendingDays;
  const eos = lookupEos(os, facts.eosKey.products, facts.eosKey.release, policy.patch.endOfSupport, facts.checkedAt);
  const parts = [eosPart(facts, eos), pendingPart(facts, max, os)];
  const status = parts.some((p) => p.status === "fail")
    ? "fail"
    : parts.some((p) => p.status === "unknown")
      ? "unknown"
      : "pass";
  const shown = status === "pass" ? parts : parts.filter((p) => p.status !== "pass");
  return {
    status,
    summary: shown
      .map((p) => p.sentence)
      .join(" ")
      .slice(0, 1000),
    facts: { ...facts, eos, maxPendingDays: max },
    remediation: status === "pass" ? [] : [...new Set(shown.flatMap((p) => p.steps))],
  };
}

/** The OS by name, or "this operating system" (capitalised when it starts a sentence). */
function osLabel(f: OsPatchFacts, startsSentence = true): string {
  return (
    [f.os.name, f.os.version].filter(Boolean).join(" ") || (startsSentence ? "This" : "this") + " operating system"
  );
}

function eosPart(f: OsPatchFacts, eos: EosResult): Part {
  const label = osLabel(f);
  if (eos.status === "ended") {
    return {
      status: "fail",
      sentence: `${label} no longer gets security fixes from its maker. ${eos.reason}`,
      steps: endOfSupportSteps(),
    };
  }
  if (eos.status === "unknown") {
    const note = f.eosKey.note ? ` ${f.eosKey.note}` : "";
    return {
      status: "unknown",
      sentence: `Ward could not tell whether ${osLabel(f, false)} still gets security fixes: ${eos.reason}${note}`,
      steps: [],
    };
  }
  return { status: "pass", sentence: `${label} still gets security fixes.`, steps: [] };
}

/** Patch Tuesdays are at most 35 days apart (a calendar fact about Microsoft's monthly releases, not a policy limit). */
const MAX_DAYS_BETWEEN_PATCH_TUESDAYS = 35;

function pendingPart(f: OsPatchFacts, max: number, os: OsPlatform): Part {
  const p: PendingFacts = f.pending;
  if (p.status === "unknown" || p.securityCount === null) {
    return {
      status: "unknown",
      sentence: `Ward could not tell which updates are waiting: ${p.reason ?? "no answer"}.`,
      steps: [],
    };
  }
  if (p.sourceAgeDays !== null && p.sourceAgeDays > max) {
    return {
      status: "unknown",
      sentence: `The update lists are ${p.sourceAgeDays} days old, so Ward cannot tell whether newer security updates are waiting.`,
      steps: staleListsSteps(os),
    };
  }
  if (p.securityCount === 0) {
    const others = p.count ? ` (${p.count} other update${p.count === 1 ? "" : "s"} waiting)` : "";
    return { status: "pass", sentence: `No security updates are waiting${others}.`, steps: [] };
  }
  const n = `${p.securityCount} security update${p.securityCount === 1 ? "" : "s"}`;
  const age = p.securityOldestDays ?? 0;
  if (age > max) {
    const atLeast = p.securityOldestIsLowerBound ? "at least " : "";
    return {
      status: "fail",
      sentence: `${n} ${p.securityCount === 1 ? "has" : "have"} been waiting for ${atLeast}${age} days; the council allows ${max}.`,
      steps: updateSteps(os),
    };
  }
  if (p.securityAllDated) {
    // A Windows cumulative update replaces every earlier one: a young one waiting proves nothing if months were
    // skipped. The last install date (Get-HotFix) must show this laptop took one of the recent monthly releases.
    if (os === "windows") {
      const since = f.lastPatchInstalledOn ? daysBetween(f.lastPatchInstalledOn, new Date(f.checkedAt)) : null;
      if (since === null || since > max + MAX_DAYS_BETWEEN_PATCH_TUESDAYS) {
        const last = f.lastPatchInstalledOn
          ? `since ${longDate(f.lastPatchInstalledOn)}`
          : "at all (or Ward could not read when)";
        return {
          status: "unknown",
          sentence: `${n} waiting, released recently, but Windows records no update installed ${last}: the waiting update replaces older monthly ones, so some fixes may have waited longer than ${max} days.`,
          steps: updateSteps(os),
        };
      }
    }
    return {
      status: "pass",
      sentence: `${n} waiting, all released less than ${max} days ago.`,
      steps: updateSteps(os),
    };
  }
  return {
    status: "unknown",
    sentence: `${n} ${p.securityCount === 1 ? "is" : "are"} waiting; Ward first saw ${p.securityCount === 1 ? "it" : "the oldest"} ${age} days ago but does not know when ${p.securityCount === 1 ? "it was" : "they were"} released. Installing now avoids a failure after ${max} days.`,
    steps: updateSteps(os),
  };
}
