// What a policy change does, in words ("Screen lock: after at most 30 minutes → after at most 10 minutes"), for the
// editor's preview, the template's preview and the audit log.
import { controlTitle } from "../../shared/controls/index.js";
import { CONTROL_IDS } from "../../shared/schemas/control.js";
import type { EndOfSupportOverride } from "../../shared/schemas/policy.js";
import type { EditablePolicy } from "./policy-form.js";

export interface PolicyChange {
  what: string;
  from: string;
  to: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** Each setting as a person reads it. */
const SETTINGS: Array<{ what: string; say: (p: EditablePolicy) => string }> = [
  { what: "Screen lock", say: (p) => `locks after at most ${plural(p.screenLockMaxMinutes, "minute")} idle` },
  { what: "Disk encryption", say: (p) => (p.requireDiskEncryption ? "required" : "not required") },
  { what: "Personal Wi-Fi hotspots", say: (p) => (p.allowHotspot ? "allowed" : "not allowed") },
  {
    what: "Security updates",
    say: (p) => `installed within ${plural(p.patch.maxPendingDays, "day")} of release`,
  },
  {
    what: "Virus signatures",
    say: (p) => `at most ${plural(p.malware.maxSignatureAgeDays, "day")} old`,
  },
  {
    what: "Virus scan",
    say: (p) =>
      p.malware.maxScanAgeDays === null
        ? "real-time scanning alone counts"
        : `a full scan within ${plural(p.malware.maxScanAgeDays, "day")}`,
  },
  {
    what: "Linux laptops' anti-virus",
    say: (p) => (p.malware.linux === "clamav" ? "ClamAV required" : "exempt (judged by something else)"),
  },
  { what: "Checks", say: (p) => `every ${plural(p.checkIntervalMinutes, "minute")}` },
];

const eosKey = (e: EndOfSupportOverride) => `${e.platform} ${e.product} ${e.release}`;
const eosWords = (e: EndOfSupportOverride) => `ends ${e.endOfSupport} (source: ${e.source})`;

/** Every difference between two policies' editable parts, in order of the form; empty when nothing changes. */
export function policyChanges(before: EditablePolicy, after: EditablePolicy): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const s of SETTINGS) {
    const from = s.say(before);
    const to = s.say(after);
    if (from !== to) out.push({ what: s.what, from, to });
  }
  for (const id of CONTROL_IDS) {
    const from = before.clauses[id];
    const to = after.clauses[id];
    if (from !== to)
      out.push({
        what: `Council policy clause for ${controlTitle(id)}`,
        from: from ? `“${from}”` : "none",
        to: to ? `“${to}”` : "none",
      });
  }
  const old = new Map(before.patch.endOfSupport.map((e) => [eosKey(e), e]));
  const next = new Map(after.patch.endOfSupport.map((e) => [eosKey(e), e]));
  for (const [key, e] of next) {
    const was = old.get(key);
    if (!was) out.push({ what: `End of support for ${key}`, from: "Ward's built-in date", to: eosWords(e) });
    else if (eosWords(was) !== eosWords(e))
      out.push({ what: `End of support for ${key}`, from: eosWords(was), to: eosWords(e) });
  }
  for (const [key, e] of old) {
    if (!next.has(key)) out.push({ what: `End of support for ${key}`, from: eosWords(e), to: "Ward's built-in date" });
  }
  return out;
}

/** One line per change, for the audit log's detail. */
export function changeLines(changes: readonly PolicyChange[]): string[] {
  return changes.map((c) => `${c.what}: ${c.from} → ${c.to}`);
}
