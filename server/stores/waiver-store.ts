// Waivers: create, list, revoke, and the one in force for a device's control at a time.
import type { Kysely, Selectable } from "kysely";
import type { ControlId } from "../../shared/schemas/control.js";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";

export interface WaiversTable {
  id: string;
  council_id: string;
  device_id: string;
  control: string;
  reason: string;
  /** The account that approved it (the DSFM), as shown in the audit log. */
  approved_by: string;
  created_at: string;
  /** Required: waivers always end. */
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}
export type WaiverRow = Selectable<WaiversTable>;

declare module "../db/schema.js" {
  interface Database {
    waivers: WaiversTable;
  }
}

export interface NewWaiver {
  councilId: string;
  deviceId: string;
  control: ControlId;
  reason: string;
  approvedBy: string;
  expiresAt: Date;
  now: Date;
}

export async function insertWaiver(q: Kysely<Database>, w: NewWaiver): Promise<WaiverRow> {
  const row: WaiverRow = {
    id: newId("wvr"),
    council_id: w.councilId,
    device_id: w.deviceId,
    control: w.control,
    reason: w.reason,
    approved_by: w.approvedBy,
    created_at: w.now.toISOString(),
    expires_at: w.expiresAt.toISOString(),
    revoked_at: null,
    revoked_by: null,
  };
  await q.insertInto("waivers").values(row).execute();
  return row;
}

/** The waiver silencing this control on this device at `at`, if any (not revoked, not expired). */
export async function activeWaiver(
  q: Kysely<Database>,
  deviceId: string,
  control: string,
  at: Date,
): Promise<WaiverRow | undefined> {
  return q
    .selectFrom("waivers")
    .selectAll()
    .where("device_id", "=", deviceId)
    .where("control", "=", control)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", at.toISOString())
    .orderBy("expires_at", "desc")
    .executeTakeFirst();
}

/** Every waiver of a device in force at `at` (the ingest's alert rules read them once per report). */
export async function activeWaivers(q: Kysely<Database>, deviceId: string, at: Date): Promise<WaiverRow[]> {
  return q
    .selectFrom("waivers")
    .selectAll()
    .where("device_id", "=", deviceId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", at.toISOString())
    .execute();
}

export async function listWaivers(
  q: Kysely<Database>,
  filter: { councilId?: string; deviceId?: string },
): Promise<WaiverRow[]> {
  let query = q.selectFrom("waivers").selectAll();
  if (filter.councilId) query = query.where("council_id", "=", filter.councilId);
  if (filter.deviceId) query = query.where("device_id", "=", filter.deviceId);
  return query.orderBy("expires_at").execute();
}

/** Waivers that end between `from` and `to`: for the weekly digest's "expiring" list. */
export async function waiversExpiring(
  q: Kysely<Database>,
  councilId: string,
  from: Date,
  to: Date,
): Promise<WaiverRow[]> {
  return q
    .selectFrom("waivers")
    .selectAll()
    .where("council_id", "=", councilId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", from.toISOString())
    .where("expires_at", "<=", to.toISOString())
    .orderBy("expires_at")
    .execute();
}

export async function revokeWaiver(q: Kysely<Database>, id: string, by: string, now: Date): Promise<void> {
  await q.updateTable("waivers").set({ revoked_at: now.toISOString(), revoked_by: by }).where("id", "=", id).execute();
}

export async function findWaiver(q: Kysely<Database>, id: string): Promise<WaiverRow | undefined> {
  return q.selectFrom("waivers").selectAll().where("id", "=", id).executeTakeFirst();
}
