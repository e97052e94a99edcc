// The DSFM's home, loaded: how many laptops meet the policy, and what needs doing (problems, silent laptops, waivers).
import { type Kysely, sql } from "kysely";
import type { CheckResult } from "../../../shared/schemas/check-result.js";
import { getAlertSettings } from "../../alerts/settings-store.js";
import type { Database } from "../../db/schema.js";
import { parseResult } from "./device-detail.js";
import { shownStatus } from "./overview.js";

/** Bounds: a parish council has a handful of laptops; a bigger one sees the first of each and a link to the rest. */
export const HOME_LIMIT = 200;
/** A waiver ending within this many days is a to-do (renew it, or get the laptop fixed). */
export const WAIVER_SOON_DAYS = 14;

export interface HomeProblem {
  deviceId: string;
  hostname: string;
  /** From the asset register: who to ask about the laptop (empty when not logged). */
  assignedUser: string;
  control: string;
  status: "fail" | "unknown";
  since: string;
  result: CheckResult | null;
}

export interface HomeData {
  devices: number;
  /** Reporting (not silent), with results, and none failing (unwaived) or unknown. */
  meeting: number;
  silenceHours: number;
  problems: HomeProblem[];
  silent: { deviceId: string; hostname: string; assignedUser: string; lastSeen: string | null }[];
  expiring: { deviceId: string; hostname: string; control: string; expiresAt: string; reason: string }[];
  /** The council's IT provider address from its alert settings: who the DSFM asks. */
  itEmail: string | null;
  publicUrl: string | null;
}

export async function loadHome(q: Kysely<Database>, councilId: string, now: Date): Promise<HomeData> {
  const nowIso = now.toISOString();
  const settings = await getAlertSettings(q, councilId);
  const silenceHours = settings.silenceHours;
  const cutoff = new Date(now.getTime() - silenceHours * 3_600_000).toISOString();
  const soon = new Date(now.getTime() + WAIVER_SOON_DAYS * 86_400_000).toISOString();
  const shown = q
    .selectFrom("current_results as cr")
    .innerJoin("devices as d", "d.id", "cr.device_id")
    .leftJoin("device_assets as a", "a.device_id", "d.id")
    .where("d.council_id", "=", councilId)
    .select([
      "cr.device_id",
      "d.hostname",
      "a.assigned_user",
      "cr.control",
      "cr.since",
      "cr.result_json",
      shownStatus(nowIso).as("status"),
    ]);
  const [counts, problems, silent, expiring] = await Promise.all([
    q
      .selectFrom("devices as d")
      .where("d.council_id", "=", councilId)
      .select((eb) => [
        eb.fn.countAll<number>().as("n"),
        sql<number>`sum(case when d.last_seen_at >= ${cutoff}
          and exists (select 1 from current_results r where r.device_id = d.id)
          and not exists (select 1 from current_results r where r.device_id = d.id and (r.status = 'unknown'
            or (r.status = 'fail' and not exists (select 1 from waivers w where w.device_id = r.device_id
              and w.control = r.control and w.revoked_at is null and w.expires_at > ${nowIso}))))
          then 1 else 0 end)`.as("meeting"),
      ])
      .executeTakeFirst(),
    q
      .selectFrom(shown.as("s"))
      .selectAll()
      .where("s.status", "in", ["fail", "unknown"])
      .orderBy("s.since")
      .limit(HOME_LIMIT)
      .execute(),
    q
      .selectFrom("devices as d")
      .leftJoin("device_assets as a", "a.device_id", "d.id")
      .select(["d.id", "d.hostname", "d.last_seen_at", "a.assigned_user"])
      .where("d.council_id", "=", councilId)
      .where((eb) => eb.or([eb("d.last_seen_at", "is", null), eb("d.last_seen_at", "<", cutoff)]))
      .orderBy("d.last_seen_at")
      .limit(HOME_LIMIT)
      .execute(),
    // Only waivers whose control still fails (or cannot be told) on that laptop: one that passes needs no renewal.
    q
      .selectFrom("waivers as w")
      .innerJoin("devices as d", "d.id", "w.device_id")
      .innerJoin("current_results as cr", (j) =>
        j.onRef("cr.device_id", "=", "w.device_id").onRef("cr.control", "=", "w.control"),
      )
      .select(["w.device_id", "d.hostname", "w.control", "w.expires_at", "w.reason"])
      .where("w.council_id", "=", councilId)
      .where("w.revoked_at", "is", null)
      .where("w.expires_at", ">", nowIso)
      .where("w.expires_at", "<=", soon)
      .where("cr.status", "in", ["fail", "unknown"])
      .orderBy("w.expires_at")
      .limit(HOME_LIMIT)
      .execute(),
  ]);
  return {
    devices: Number(counts?.n ?? 0),
    meeting: Number(counts?.meeting ?? 0),
    silenceHours,
    problems: problems.map((p) => ({
      deviceId: p.device_id,
      hostname: p.hostname,
      assignedUser: p.assigned_user ?? "",
      control: p.control,
      status: p.status as "fail" | "unknown",
      since: p.since,
      result: parseResult(p.result_json),
    })),
    silent: silent.map((s) => ({
      deviceId: s.id,
      hostname: s.hostname,
      assignedUser: s.assigned_user ?? "",
      lastSeen: s.last_seen_at,
    })),
    expiring: expiring.map((w) => ({
      deviceId: w.device_id,
      hostname: w.hostname,
      control: w.control,
      expiresAt: w.expires_at,
      reason: w.reason,
    })),
    itEmail: settings.recipients.it[0] ?? null,
    publicUrl: settings.publicUrl,
  };
}
