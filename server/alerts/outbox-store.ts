// The alert outbox: rows written in the change's transaction, claimed by one sender at a time, marked sent or failed.
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { AlertContent } from "./content.js";
import type { Role } from "./settings.js";

export type OutboxStatus = "pending" | "sent" | "failed";

export interface AlertOutboxTable {
  id: string;
  /** Unique: the same alert to the same destination is written once, however often a rule fires. */
  idempotency_key: string;
  council_id: string;
  device_id: string | null;
  rule: string;
  kind: string;
  /** "email:<address>" or "webhook:<name>" (the URL stays in the settings: it is a secret). */
  destination: string;
  role: Role;
  content_json: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}
export type OutboxRow = Selectable<AlertOutboxTable>;

declare module "../db/schema.js" {
  interface Database {
    alert_outbox: AlertOutboxTable;
  }
}

export interface NewOutboxRow {
  key: string;
  councilId: string;
  deviceId: string | null;
  destination: string;
  role: Role;
  content: AlertContent;
  now: Date;
}

/** Inserts unless the idempotency key exists; true when this call wrote it. */
export async function enqueueOutbox(q: Kysely<Database>, n: NewOutboxRow): Promise<boolean> {
  const res = await q
    .insertInto("alert_outbox")
    .values({
      id: newId("alr"),
      idempotency_key: n.key,
      council_id: n.councilId,
      device_id: n.deviceId,
      rule: n.content.rule,
      kind: n.content.kind,
      destination: n.destination,
      role: n.role,
      content_json: JSON.stringify(n.content),
      status: "pending",
      attempts: 0,
      next_attempt_at: n.now.toISOString(),
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      created_at: n.now.toISOString(),
      sent_at: null,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Pending rows due now and not claimed by a live sender (candidates: claim each before sending). */
export async function dueOutbox(q: Kysely<Database>, now: Date, limit: number): Promise<OutboxRow[]> {
  const at = now.toISOString();
  return q
    .selectFrom("alert_outbox")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", at)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", at)]))
    .orderBy("created_at")
    .limit(limit)
    .execute();
}

/**
 * Claims a row for `owner` until `until`: a single conditional UPDATE, so of several instances exactly one sees a
 * row updated. Returns whether this owner holds the claim.
 */
export async function claimOutbox(
  q: Kysely<Database>,
  id: string,
  owner: string,
  now: Date,
  until: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const res = await q
    .updateTable("alert_outbox")
    .set({ claimed_by: owner, claimed_until: until.toISOString() })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", at)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markSent(q: Kysely<Database>, id: string, owner: string, now: Date): Promise<void> {
  await q
    .updateTable("alert_outbox")
    .set((eb) => ({
      status: "sent",
      sent_at: now.toISOString(),
      attempts: eb("attempts", "+", 1),
      claimed_by: null,
      claimed_until: null,
      last_error: null,
    }))
    .where("id", "=", id)
    .where("claimed_by", "=", owner)
    .execute();
}

/** A failed attempt: retried at `next`, or given up (status failed) when `next` is null. */
export async function markAttemptFailed(
  q: Kysely<Database>,
  id: string,
  owner: string,
  error: string,
  next: Date | null,
): Promise<void> {
  await q
    .updateTable("alert_outbox")
    .set((eb) => ({
      status: next ? "pending" : "failed",
      attempts: eb("attempts", "+", 1),
      last_error: error.slice(0, 1000),
      ...(next ? { next_attempt_at: next.toISOString() } : {}),
      claimed_by: null,
      claimed_until: null,
    }))
    .where("id", "=", id)
    .where("claimed_by", "=", owner)
    .execute();
}

/** Puts failed rows (all of a council's, or one) back in the queue, due now. Returns how many. */
export async function retryFailed(
  q: Kysely<Database>,
  filter: { councilId?: string; id?: string },
  now: Date,
): Promise<number> {
  let query = q
    .updateTable("alert_outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now.toISOString() })
    .where("status", "=", "failed");
  if (filter.councilId) query = query.where("council_id", "=", filter.councilId);
  if (filter.id) query = query.where("id", "=", filter.id);
  const res = await query.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export interface AlertListFilter {
  councilId?: string;
  deviceId?: string;
  status?: OutboxStatus;
  limit: number;
}

/** Newest first: for the dashboard (sent, retrying with their last error, failed) and `ward-server alerts list`. */
export async function listAlerts(q: Kysely<Database>, f: AlertListFilter): Promise<OutboxRow[]> {
  let query = q.selectFrom("alert_outbox").selectAll();
  if (f.councilId) query = query.where("council_id", "=", f.councilId);
  if (f.deviceId) query = query.where("device_id", "=", f.deviceId);
  if (f.status) query = query.where("status", "=", f.status);
  return query
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(Math.max(1, Math.min(f.limit, 1000)))
    .execute();
}
