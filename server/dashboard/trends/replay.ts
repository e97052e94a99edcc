// The replay path of the compliance trend: laptops with a waiver in the window, state by state from their history
// (a failure under a waiver then in force meets the policy). Few laptops: each one's results and changes are read.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { type Accumulator, MET, type Window } from "./history.js";

interface Pair {
  status: string;
  since: string;
  /** Changes after the range's start, oldest first: [collected_at, from, to]. */
  changes: [string, string | null, string][];
}

interface Waiver {
  control: string;
  from: string;
  until: string;
}

/** A control's status at `at`: the current status once `since` has passed, else replayed from the history. */
function stateAt(p: Pair, at: string): string | null {
  if (p.since <= at) return p.status;
  let state: string | null = p.changes[0]?.[1] ?? null;
  for (const [when, , to] of p.changes) {
    if (when > at) break;
    state = to;
  }
  return state;
}

/** The laptops of the scope with a waiver touching the window: the ones replayed here. */
export async function waivedDevices(q: Kysely<Database>, councilId: string | null, w: Window): Promise<Set<string>> {
  let query = q
    .selectFrom("waivers as w")
    .select("w.device_id")
    .distinct()
    .where("w.created_at", "<=", w.endIso)
    .where("w.expires_at", ">", w.startIso);
  if (councilId) query = query.where("w.council_id", "=", councilId);
  return new Set((await query.execute()).map((r) => r.device_id));
}

/** These laptops' current results, changes after the window's start and waivers, 500 laptops a query. */
async function load(q: Kysely<Database>, ids: string[], w: Window) {
  const devices: { id: string; enrolled_at: string }[] = [];
  const pairs = new Map<string, Map<string, Pair>>();
  const waivers = new Map<string, Waiver[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [ds, cs, chs, wvs] = await Promise.all([
      q.selectFrom("devices").select(["id", "enrolled_at"]).where("id", "in", chunk).execute(),
      q
        .selectFrom("current_results")
        .select(["device_id", "control", "status", "since"])
        .where("device_id", "in", chunk)
        .execute(),
      // Only pairs that changed after the window's start have rows here (a pair's `since` is its newest change).
      q
        .selectFrom("status_changes")
        .select(["device_id", "control", "from_status", "to_status", "collected_at"])
        .where("device_id", "in", chunk)
        .where("collected_at", ">", w.startIso)
        .orderBy("collected_at")
        .execute(),
      q
        .selectFrom("waivers")
        .select(["device_id", "control", "created_at", "expires_at", "revoked_at"])
        .where("device_id", "in", chunk)
        .where("created_at", "<=", w.endIso)
        .where("expires_at", ">", w.startIso)
        .execute(),
    ]);
    devices.push(...ds);
    for (const r of cs) {
      const per = pairs.get(r.device_id) ?? new Map<string, Pair>();
      pairs.set(r.device_id, per);
      per.set(r.control, { status: r.status, since: r.since, changes: [] });
    }
    for (const c of chs)
      pairs.get(c.device_id)?.get(c.control)?.changes.push([c.collected_at, c.from_status, c.to_status]);
    for (const x of wvs) {
      const until = x.revoked_at && x.revoked_at < x.expires_at ? x.revoked_at : x.expires_at;
      waivers.set(x.device_id, [
        ...(waivers.get(x.device_id) ?? []),
        { control: x.control, from: x.created_at, until },
      ]);
    }
  }
  return { devices, pairs, waivers };
}

/** Adds these laptops (with a waiver in the window) to `acc`, replaying each one's state at each day's end. */
export async function addReplayed(
  q: Kysely<Database>,
  ids: ReadonlySet<string>,
  w: Window,
  acc: Accumulator,
): Promise<void> {
  const { devices, pairs, waivers } = await load(q, [...ids], w);
  for (const d of devices) {
    const per = pairs.get(d.id);
    const ws = waivers.get(d.id) ?? [];
    w.ends.forEach((at, i) => {
      if (d.enrolled_at > at) return;
      acc.overall[i]!.laptops++;
      let any = false;
      let met = true;
      for (const [control, p] of per ?? []) {
        let s = stateAt(p, at);
        if (s === null) continue;
        any = true;
        // aggregate.ts counted this control without waivers: take that out, then count it with them.
        const c = acc.perControl[control]?.[i];
        if (c && s !== "not_applicable") {
          c.laptops--;
          if (s === "pass") c.meeting--;
        }
        if (s === "fail" && ws.some((x) => x.control === control && x.from <= at && at < x.until)) s = "waived";
        if (!MET.has(s)) met = false;
        if (c && s !== "not_applicable") {
          c.laptops++;
          if (MET.has(s)) c.meeting++;
        }
      }
      acc.hasHistory ||= any;
      if (any && met) acc.overall[i]!.meeting++;
    });
  }
}
