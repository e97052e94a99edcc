// A council's waivers with their device, newest expiry first (the waivers page).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export const WAIVERS_LIMIT = 1000;

export async function councilWaivers(q: Kysely<Database>, councilId: string) {
  return q
    .selectFrom("waivers as w")
    .innerJoin("devices as d", "d.id", "w.device_id")
    .select([
      "w.id",
      "w.control",
      "w.reason",
      "w.approved_by",
      "w.created_at",
      "w.expires_at",
      "w.revoked_at",
      "w.revoked_by",
      "d.id as device_id",
      "d.hostname",
    ])
    .where("w.council_id", "=", councilId)
    .orderBy("w.expires_at", "desc")
    .limit(WAIVERS_LIMIT)
    .execute();
}
