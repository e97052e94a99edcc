// What the API's record lists read, one page each, newest first: a council's alerts, integrity events and waivers.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { newestFirstPage, type PageQuery } from "../paging.js";

export async function alertsPage(
  q: Kysely<Database>,
  councilId: string,
  query: PageQuery & { status?: "pending" | "sent" | "failed" | undefined },
) {
  const status = query.status;
  const qb = q
    .selectFrom("alert_outbox")
    .select([
      "id",
      "idempotency_key",
      "kind",
      "rule",
      "device_id",
      "destination",
      "status",
      "attempts",
      "last_error",
      "created_at",
      "sent_at",
    ])
    .where("council_id", "=", councilId)
    .$if(status !== undefined, (b) => b.where("status", "=", status!));
  return newestFirstPage(qb, "created_at", query);
}

export async function integrityEventsPage(
  q: Kysely<Database>,
  councilId: string,
  query: PageQuery & { open?: string },
) {
  const qb = q
    .selectFrom("integrity_events")
    .selectAll()
    .where("council_id", "=", councilId)
    .$if(query.open === "true", (b) => b.where("acknowledged_at", "is", null));
  return newestFirstPage(qb, "created_at", query);
}

export async function waiversPage(q: Kysely<Database>, councilId: string, query: PageQuery) {
  return newestFirstPage(q.selectFrom("waivers").selectAll().where("council_id", "=", councilId), "created_at", query);
}
