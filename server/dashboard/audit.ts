// The audit log: every administrative action and every login attempt, with who, when, what, and from where.
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { AuditLogTable } from "./tables.js";

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditEntry {
  at: Date;
  userId: string | null;
  actor: string;
  councilId: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip: string;
}

export async function audit(q: Kysely<Database>, e: AuditEntry): Promise<void> {
  await q
    .insertInto("audit_log")
    .values({
      id: newId("aud", 12),
      at: e.at.toISOString(),
      user_id: e.userId,
      actor: e.actor.slice(0, 320),
      council_id: e.councilId,
      action: e.action,
      target: e.target ?? null,
      detail_json: JSON.stringify(e.detail ?? {}),
      ip: e.ip,
    })
    .execute();
}

export const AUDIT_PAGE = 100;

/** Newest first; a council's entries only when councilId is given; `before` pages back. */
export async function listAudit(
  q: Kysely<Database>,
  filter: { councilId?: string; actions?: string[]; before?: string; limit?: number },
): Promise<AuditRow[]> {
  let query = q.selectFrom("audit_log").selectAll();
  if (filter.councilId) query = query.where("council_id", "=", filter.councilId);
  if (filter.actions?.length) query = query.where("action", "in", filter.actions);
  if (filter.before) query = query.where("at", "<", filter.before);
  return query
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(filter.limit ?? AUDIT_PAGE)
    .execute();
}

/** An entry by the signed-in dashboard user, from the request's address. */
export async function auditBy(
  q: Kysely<Database>,
  by: { user: { id: string; email: string }; ip: string; at: Date },
  e: Pick<AuditEntry, "councilId" | "action" | "target" | "detail">,
): Promise<void> {
  await audit(q, { at: by.at, userId: by.user.id, actor: by.user.email, ip: by.ip, ...e });
}

/** The target of this user's `action` entry sent with this form id (a form sent twice), if any. */
export async function findFormEntry(q: Kysely<Database>, userId: string, action: string, formId: string) {
  return q
    .selectFrom("audit_log")
    .select("target")
    .where("action", "=", action)
    .where("user_id", "=", userId)
    .where("detail_json", "like", `%"formId":"${formId}"%`)
    .executeTakeFirst();
}
