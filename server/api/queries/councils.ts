// What the API's council and device routes read: councils and devices one page at a time, current results and
// waivers in force for a page of devices, a device's status changes newest first.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { byIdPage, newestFirstPage, type PageQuery } from "../paging.js";

/** Councils in id order; only `onlyId` when the caller is scoped to one council. */
export async function councilsPage(q: Kysely<Database>, onlyId: string | null, query: PageQuery) {
  const qb = q
    .selectFrom("councils")
    .selectAll()
    .$if(onlyId !== null, (b) => b.where("id", "=", onlyId ?? ""));
  return byIdPage(qb, query);
}

export async function devicesPage(q: Kysely<Database>, councilId: string, query: PageQuery) {
  return byIdPage(q.selectFrom("devices").selectAll().where("council_id", "=", councilId), query);
}

export async function statusChangesPage(q: Kysely<Database>, deviceId: string, query: PageQuery) {
  return newestFirstPage(
    q.selectFrom("status_changes").selectAll().where("device_id", "=", deviceId),
    "collected_at",
    query,
  );
}

/** The current result of each control of these devices, and which (device, control) a waiver in force covers. */
export async function resultsAndWaivers(q: Kysely<Database>, deviceIds: string[], now: string) {
  const [results, waivers] = await Promise.all([
    q
      .selectFrom("current_results")
      .select(["device_id", "control", "status", "since", "collected_at"])
      .where("device_id", "in", deviceIds)
      .execute(),
    q
      .selectFrom("waivers")
      .select(["device_id", "control"])
      .where("device_id", "in", deviceIds)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now)
      .execute(),
  ]);
  return { results, waivers };
}
