// Ages pending updates: from the vendor's release date when known, else from when Ward first saw each one pending
// (kept in check memory as {firstSeen: {updateKey: ISO time}}, pruned of updates no longer pending).
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { CheckMemory } from "../framework/check.js";
import { type PendingFacts, TITLE_CAP } from "./facts.js";

export interface PendingItem {
  /**
   * Stable identity across cycles, naming the package or update stream rather than the version ("apt:openssl:security",
   * "win:Cumulative Update for Windows 11 Version 24H2 for x64-based Systems", "mac:macOS Ventura:os-update"): while a
   * stream stays pending, its first sighting stands even as newer versions replace the one first seen.
   */
  key: string;
  title: string;
  security: boolean;
  /** Vendor release date (YYYY-MM-DD) when known. */
  releaseDate: string | null;
}

const DAY_MS = 86_400_000;
const TITLE_MAX_CHARS = 200;

/** Records first sightings of the current pending keys, forgets keys no longer pending; returns key → first seen. */
export function trackFirstSeen(memory: CheckMemory, keys: readonly string[], now: Date): Map<string, string> {
  const all = memory.get();
  const old = isRecord(all["firstSeen"]) ? all["firstSeen"] : {};
  const next: JsonObject = {};
  for (const key of keys) {
    const seen = old[key];
    next[key] = typeof seen === "string" && !Number.isNaN(Date.parse(seen)) ? seen : now.toISOString();
  }
  memory.set({ ...all, firstSeen: next });
  return new Map(Object.entries(next).map(([k, v]) => [k, String(v)]));
}

export function daysBetween(fromIso: string, now: Date): number {
  const days = Math.floor((now.getTime() - Date.parse(fromIso)) / DAY_MS);
  return Number.isFinite(days) ? Math.max(0, days) : 0;
}

/** A calendar date that exists (YYYY-MM-DD): "2024-13-45" matches a pattern but is not one. */
export function isRealDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

/** Counts, capped titles and the oldest ages, with the lower-bound flags evaluate needs. */
export function summarisePending(
  items: readonly PendingItem[],
  firstSeen: ReadonlyMap<string, string>,
  now: Date,
  source: { ageDays: number | null; note: string | null },
): PendingFacts {
  // An item's age is the longer of: since its release, and since Ward first saw its stream pending (keys name a
  // package or update stream, not a version, so a newer fix replacing an unapplied one keeps the older sighting).
  const aged = items.map((i) => {
    const seen = daysBetween(firstSeen.get(i.key) ?? now.toISOString(), now);
    const released = i.releaseDate === null ? null : daysBetween(i.releaseDate, now);
    return {
      ...i,
      days: Math.max(seen, released ?? 0),
      dated: released !== null,
      fromSighting: released === null || seen > released,
    };
  });
  const security = aged.filter((i) => i.security);
  const max = (xs: typeof aged) => (xs.length === 0 ? null : Math.max(...xs.map((x) => x.days)));
  // Titles are device text: bounded so a hostile package name cannot bloat the report.
  const titles = [...security, ...aged.filter((i) => !i.security)].map((i) => i.title.slice(0, TITLE_MAX_CHARS));
  return {
    status: "known",
    reason: null,
    count: items.length,
    securityCount: security.length,
    titles: titles.slice(0, TITLE_CAP),
    titlesTruncated: titles.length > TITLE_CAP,
    oldestPendingDays: max(aged),
    oldestIsLowerBound: aged.some((i) => i.fromSighting),
    securityOldestDays: max(security),
    securityOldestIsLowerBound: security.some((i) => i.fromSighting),
    securityAllDated: security.every((i) => i.dated),
    sourceAgeDays: source.ageDays,
    sourceNote: source.note,
  };
}

function isRecord(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
