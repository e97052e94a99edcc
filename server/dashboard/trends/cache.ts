// Trends worked out at most every few minutes per scope and period: the history behind them changes slowly, and at
// 20,000 laptops one computation reads every status change of the period (see the bench's trend figure).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { complianceTrend, type Trend } from "./history.js";

export const TREND_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 500;

/** Per database handle, so two collectors in one process (tests) never share figures. */
const caches = new WeakMap<object, Map<string, { at: number; trend: Trend }>>();

export async function cachedTrend(
  q: Kysely<Database>,
  councilId: string | null,
  range: { from: string; to: string },
  now: Date,
): Promise<Trend & { asOf: Date }> {
  const cache = caches.get(q) ?? new Map<string, { at: number; trend: Trend }>();
  caches.set(q, cache);
  const key = `${councilId ?? "*"}|${range.from}|${range.to}`;
  const hit = cache.get(key);
  // A clock set back (tests, a corrected server clock) makes an entry from the "future" stale too.
  if (hit && now.getTime() - hit.at < TREND_TTL_MS && now.getTime() >= hit.at)
    return { ...hit.trend, asOf: new Date(hit.at) };
  const trend = await complianceTrend(q, councilId, range, now);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { at: now.getTime(), trend });
  return { ...trend, asOf: now };
}
