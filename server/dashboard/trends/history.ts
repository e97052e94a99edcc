// Compliance per day from the stored status history: the share of laptops meeting the policy at each day's end,
// overall and per control. Laptops without waivers come from SQL aggregates (aggregate.ts); those with one in the
// window are replayed one by one (replay.ts), since a waiver decides whether a failure meets the policy.
import type { Kysely } from "kysely";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import type { Database } from "../../db/schema.js";
import { addAggregated } from "./aggregate.js";
import { addReplayed, waivedDevices } from "./replay.js";

const DAY = 86_400_000;
/** Pass, not applicable, or a failure under a waiver then in force: what the printed report's headline counts as met. */
export const MET = new Set(["pass", "not_applicable", "waived"]);

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Laptops enrolled by the day's end (overall), or those the control applied to (per control). */
  laptops: number;
  meeting: number;
}

export interface Trend {
  days: string[];
  overall: DayCount[];
  perControl: Record<string, DayCount[]>;
  /** False when no laptop had any result on any day of the range: the chart says so in words. */
  hasHistory: boolean;
}

export type Accumulator = Omit<Trend, "days">;

export interface Window {
  days: string[];
  /** Each day's end (the next midnight; today's is now), ISO. */
  ends: string[];
  startIso: string;
  endIso: string;
}

/** Day strings from `from` to `to` inclusive (YYYY-MM-DD), at most 400. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && out.length < 400; t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * Share of laptops meeting the policy at the end of each day (today: now), overall and per control, for a council or
 * every council. Derived only from what is stored: current results, their status changes and the waivers.
 */
export async function complianceTrend(
  q: Kysely<Database>,
  councilId: string | null,
  range: { from: string; to: string },
  now: Date,
): Promise<Trend> {
  const nowIso = now.toISOString();
  // No day after today: a future day has no end-of-day state yet.
  const days = dayRange(range.from, [range.to, nowIso.slice(0, 10)].sort()[0]!);
  const acc: Accumulator = {
    overall: days.map((day) => ({ day, laptops: 0, meeting: 0 })),
    perControl: Object.fromEntries(CONTROL_IDS.map((c) => [c, days.map((day) => ({ day, laptops: 0, meeting: 0 }))])),
    hasHistory: false,
  };
  if (days.length === 0) return { days, ...acc };
  // Each day's end (the next midnight), except today's: now.
  const ends = days.map((d) => [new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString(), nowIso].sort()[0]!);
  const w: Window = { days, ends, startIso: `${days[0]}T00:00:00.000Z`, endIso: ends.at(-1)! };
  const replayed = await waivedDevices(q, councilId, w);
  await addAggregated(q, councilId, w, acc, replayed);
  if (replayed.size) await addReplayed(q, replayed, w, acc);
  return { days, ...acc };
}
