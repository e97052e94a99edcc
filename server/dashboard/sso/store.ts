// Single sign-on rows: pending sign-ins (state, nonce, PKCE verifier; one use), linked identities, councils' domains.
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import "../../api/tables.js";
import type { CouncilDomain } from "./role-map.js";

export interface SsoLoginsTable {
  /** SHA-256 of the random id in the browser's ward_sso cookie. */
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: string;
  expires_at: string;
}

declare module "../../db/schema.js" {
  interface Database {
    sso_logins: SsoLoginsTable;
  }
}

export const PENDING_MS = 10 * 60_000;
const hash = (id: string) => createHash("sha256").update(id).digest("hex");

export async function savePending(
  q: Kysely<Database>,
  p: { state: string; nonce: string; codeVerifier: string },
  now: Date,
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await q.deleteFrom("sso_logins").where("expires_at", "<=", now.toISOString()).execute();
  await q
    .insertInto("sso_logins")
    .values({
      id_hash: hash(id),
      state: p.state,
      nonce: p.nonce,
      code_verifier: p.codeVerifier,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PENDING_MS).toISOString(),
    })
    .execute();
  return id;
}

/** The pending sign-in for a cookie value, deleted as it is read: a callback URL works once. */
export async function takePending(q: Kysely<Database>, id: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const row = await q.selectFrom("sso_logins").selectAll().where("id_hash", "=", hash(id)).executeTakeFirst();
  if (!row) return undefined;
  const r = await q.deleteFrom("sso_logins").where("id_hash", "=", row.id_hash).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1 || row.expires_at <= now.toISOString()) return undefined;
  return row;
}

export async function councilDomains(q: Kysely<Database>): Promise<CouncilDomain[]> {
  const rows = await q.selectFrom("council_sso_domains").selectAll().orderBy("domain").execute();
  return rows.map((r) => ({ domain: r.domain, councilId: r.council_id, role: r.role }));
}

export async function findIdentity(q: Kysely<Database>, subject: string) {
  return q.selectFrom("sso_identities").selectAll().where("subject", "=", subject).executeTakeFirst();
}
