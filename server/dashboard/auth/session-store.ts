// Sessions in the database (so any instance serves any request): random 256-bit ids, stored only as SHA-256.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../../db/schema.js";
import type { DashboardSessionsTable, SessionStage } from "../tables.js";

export type SessionRow = Selectable<DashboardSessionsTable>;

/** A signed-in session ends after 30 idle minutes or 12 hours in all; a half-done login after 10 minutes. */
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3_600_000;
export const LOGIN_STEP_MS = 10 * 60_000;

export function hashSessionId(id: string): string {
  return createHash("sha256").update(id).digest("hex");
}

export async function createSession(
  q: Kysely<Database>,
  userId: string,
  stage: SessionStage,
  now: Date,
  ip: string,
): Promise<{ id: string; row: SessionRow }> {
  const id = randomBytes(32).toString("base64url");
  const ttl = stage === "ok" ? ABSOLUTE_MS : LOGIN_STEP_MS;
  const row: SessionRow = {
    id_hash: hashSessionId(id),
    user_id: userId,
    stage,
    csrf_token: randomBytes(32).toString("base64url"),
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttl).toISOString(),
    ip,
  };
  await q.insertInto("dashboard_sessions").values(row).execute();
  // Sessions nobody came back to would otherwise stay forever: each new one sweeps the expired ones.
  await q
    .deleteFrom("dashboard_sessions")
    .where((eb) =>
      eb.or([
        eb("expires_at", "<=", row.created_at),
        eb("last_seen_at", "<=", new Date(now.getTime() - IDLE_MS).toISOString()),
      ]),
    )
    .execute();
  return { id, row };
}

/** The live session for a cookie value, touched (idle clock reset) at most once a minute; expired ones are deleted. */
export async function findSession(q: Kysely<Database>, id: string, now: Date): Promise<SessionRow | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const idHash = hashSessionId(id);
  const row = await q.selectFrom("dashboard_sessions").selectAll().where("id_hash", "=", idHash).executeTakeFirst();
  if (!row) return undefined;
  const idle = Date.parse(row.last_seen_at) + IDLE_MS <= now.getTime();
  if (idle || Date.parse(row.expires_at) <= now.getTime()) {
    await deleteSession(q, idHash);
    return undefined;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await q
      .updateTable("dashboard_sessions")
      .set({ last_seen_at: now.toISOString() })
      .where("id_hash", "=", idHash)
      .execute();
  }
  return row;
}

export async function deleteSession(q: Kysely<Database>, idHash: string): Promise<void> {
  await q.deleteFrom("dashboard_sessions").where("id_hash", "=", idHash).execute();
}

export async function deleteUserSessions(q: Kysely<Database>, userId: string): Promise<void> {
  await q.deleteFrom("dashboard_sessions").where("user_id", "=", userId).execute();
}
