// Dashboard writes with their audit entry: a waiver added, an integrity event seen, a council's policy saved.
import type { Kysely } from "kysely";
import type { ControlId } from "../../shared/schemas/control.js";
import type { Database } from "../db/schema.js";
import type { AdminDeps } from "../services/admin.js";
import { type PolicyUpdate, setPolicyFields } from "../services/council-policy.js";
import { changeLines } from "../services/policy-changes.js";
import type { EditablePolicy } from "../services/policy-form.js";
import { acknowledgeIntegrityEvent } from "../stores/event-store.js";
import { insertWaiver, type WaiverRow } from "../stores/waiver-store.js";
import { auditBy } from "./audit.js";

/** Who does it, from where, and when (the audit entry's actor, IP and time). */
export interface By {
  user: { id: string; email: string };
  ip: string;
  at: Date;
}

/** A waiver for one device, approved by `by.user` (the device's waiver form, and the device list's bulk action). */
export async function addWaiverAudited(
  q: Kysely<Database>,
  by: By,
  w: { councilId: string; deviceId: string; control: ControlId; reason: string; expiresAt: Date },
  extra: Record<string, unknown> = {},
): Promise<WaiverRow> {
  const row = await insertWaiver(q, { ...w, approvedBy: by.user.email, now: by.at });
  await auditBy(q, by, {
    councilId: w.councilId,
    action: "waiver.add",
    target: w.deviceId,
    detail: { waiver: row.id, control: w.control, reason: w.reason, expiresAt: row.expires_at, ...extra },
  });
  return row;
}

/** An integrity event acknowledged (the device page's button, and the device list's bulk action). */
export async function acknowledgeEventAudited(
  q: Kysely<Database>,
  by: By,
  e: { id: string; device_id: string; council_id: string; kind: string },
  extra: Record<string, unknown> = {},
): Promise<void> {
  await acknowledgeIntegrityEvent(q, e.id, by.at);
  await auditBy(q, by, {
    councilId: e.council_id,
    action: "event.acknowledge",
    target: e.device_id,
    detail: { event: e.id, kind: e.kind, ...extra },
  });
}

/**
 * A council's policy saved from the editor (version + 1 from `baseVersion`, compare-and-swap) and its audit entry, in
 * one transaction: an entry that cannot be written undoes the change, so no policy changes unaudited.
 */
export async function setPolicyAudited(
  deps: AdminDeps,
  by: By,
  councilId: string,
  fields: EditablePolicy,
  baseVersion: number,
): Promise<PolicyUpdate> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    const done = await setPolicyFields(
      { db: { ...deps.db, kysely: trx }, clock: deps.clock },
      councilId,
      fields,
      baseVersion,
    );
    await auditBy(trx, by, {
      councilId,
      action: "policy.update",
      target: councilId,
      detail: { version: done.after.version, changes: changeLines(done.changes) },
    });
    return done;
  });
}
