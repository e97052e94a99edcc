// Compliance per day from SQL aggregates: today's counts, minus the changes after each day.
// A laptop's state at a day's end is its current state with every later status change undone; grouped in the database,
// so 20,000 laptops come back as one row each (and per-control counts as a few hundred rows), not every result.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Accumulator, Window } from "./history.js";

/** 1 for a status that keeps a laptop from meeting the policy (fail, unknown); 0 otherwise (and for no status). */
const bad = (col: string) => sql<number>`case when ${sql.ref(col)} in ('fail', 'unknown') then 1 else 0 end`;
const dayOf = sql<string>`substr(s.collected_at, 1, 10)`;

/**
 * Adds every laptop to `acc` as if no waiver existed, except in the overall figures, where the laptops in `replayed`
 * are left out (replay.ts counts them; it also swaps its per-control figures for these, waivers applied).
 */
export async function addAggregated(
  q: Kysely<Database>,
  councilId: string | null,
  w: Window,
  acc: Accumulator,
  replayed: ReadonlySet<string>,
): Promise<void> {
  let devices = q.selectFrom("devices as d").select([
    "d.id",
    "d.enrolled_at",
    // Index-only look-ups (current_results_status_18b, and the primary key for the count).
    sql<number>`(select count(*) from current_results cr where cr.device_id = d.id and cr.status in ('fail', 'unknown'))`.as(
      "bad",
    ),
    sql<number>`(select count(*) from current_results cr where cr.device_id = d.id)`.as("n"),
  ]);
  let deviceDays = q
    .selectFrom("status_changes as s")
    .select([
      "s.device_id",
      dayOf.as("day"),
      sql<number>`sum(${bad("s.to_status")} - ${bad("s.from_status")})`.as("dbad"),
      sql<number>`sum(case when s.from_status is null then 1 else 0 end)`.as("dn"),
    ])
    .where("s.collected_at", ">", w.startIso)
    .groupBy(["s.device_id", dayOf]);
  let current = q
    .selectFrom("current_results as cr")
    .select((eb) => ["cr.control", "cr.status", eb.fn.countAll<number>().as("n")])
    .groupBy(["cr.control", "cr.status"]);
  let controlDays = q
    .selectFrom("status_changes as s")
    .select((eb) => ["s.control", dayOf.as("day"), "s.from_status", "s.to_status", eb.fn.countAll<number>().as("n")])
    .where("s.collected_at", ">", w.startIso)
    .groupBy(["s.control", dayOf, "s.from_status", "s.to_status"]);
  if (councilId) {
    devices = devices.where("d.council_id", "=", councilId);
    deviceDays = deviceDays.where("s.council_id", "=", councilId);
    current = current.where((eb) =>
      eb.exists(
        eb
          .selectFrom("devices as d")
          .select("d.id")
          .whereRef("d.id", "=", "cr.device_id")
          .where("d.council_id", "=", councilId),
      ),
    );
    controlDays = controlDays.where("s.council_id", "=", councilId);
  }
  const [ds, dd, cs, cd] = await Promise.all([
    devices.execute(),
    deviceDays.execute(),
    current.execute(),
    controlDays.execute(),
  ]);
  const last = w.days.length - 1;
  /** The index of the first day whose end comes before a change made on `day` (the change is undone there). */
  const before = (day: string) => {
    const i = w.days.findIndex((d) => d >= day);
    return i === -1 ? last + 1 : i;
  };
  // Per laptop: undo its later changes, newest day first.
  const deltas = new Map<string, { at: number; dbad: number; dn: number }[]>();
  for (const r of dd) {
    const list = deltas.get(r.device_id) ?? [];
    deltas.set(r.device_id, list);
    list.push({ at: before(r.day), dbad: Number(r.dbad), dn: Number(r.dn) });
  }
  for (const d of ds) {
    if (replayed.has(d.id)) continue;
    let badCount = Number(d.bad);
    let n = Number(d.n);
    const undo = (deltas.get(d.id) ?? []).sort((a, b) => b.at - a.at);
    let k = 0;
    for (let i = last; i >= 0; i--) {
      // Changes made after day i's end: every change bucketed on a later day.
      while (k < undo.length && undo[k]!.at > i) {
        badCount -= undo[k]!.dbad;
        n -= undo[k]!.dn;
        k++;
      }
      if (d.enrolled_at > w.ends[i]!) continue;
      acc.overall[i]!.laptops++;
      if (n > 0) {
        acc.hasHistory = true;
        if (badCount === 0) acc.overall[i]!.meeting++;
      }
    }
  }
  // Per control: today's status counts, each day's made by undoing the changes after it.
  const counts = new Map<string, number[][]>(); // control → day → [pass, fail, unknown]
  const slot = (s: string | null) => (s === "pass" ? 0 : s === "fail" ? 1 : s === "unknown" ? 2 : -1);
  const add = (control: string, fromDay: number, toDay: number, status: string | null, n: number) => {
    const j = slot(status);
    if (j < 0) return;
    const per = counts.get(control) ?? w.days.map(() => [0, 0, 0]);
    counts.set(control, per);
    for (let i = fromDay; i <= toDay; i++) per[i]![j]! += n;
  };
  for (const r of cs) add(r.control, 0, last, r.status, Number(r.n));
  for (const r of cd) {
    const at = before(r.day);
    // On the days before the change: one fewer in its new status, one more in its old one.
    add(r.control, 0, at - 1, r.to_status, -Number(r.n));
    add(r.control, 0, at - 1, r.from_status, Number(r.n));
  }
  for (const [control, per] of counts) {
    const series = acc.perControl[control];
    if (!series) continue;
    per.forEach(([pass, fail, unknown], i) => {
      series[i]!.laptops += pass! + fail! + unknown!;
      series[i]!.meeting += pass!;
    });
  }
}
