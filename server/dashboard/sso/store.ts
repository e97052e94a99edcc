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

/** Notes a sign-in by this identity: a first one links it to the user (made by sign-on, or an account already here). */
export async function recordIdentityLogin(
  q: Kysely<Database>,
  known: boolean,
  i: { subject: string; userId: string; at: string; provisioned: boolean },
): Promise<void> {
  if (known) {
    await q.updateTable("sso_identities").set({ last_login_at: i.at }).where("subject", "=", i.subject).execute();
    return;
  }
  await q
    .insertInto("sso_identities")
    .values({
      subject: i.subject,
      user_id: i.userId,
      created_at: i.at,
      last_login_at: i.at,
      provisioned: i.provisioned ? 1 : 0,
    })
    .execute();
}

/** Throws the database's unique violation when the domain is already allowed for a council. */
export async function addCouncilDomain(q: Kysely<Database>, d: CouncilDomain, at: string): Promise<void> {
  await q
    .insertInto("council_sso_domains")
    .values({ domain: d.domain, council_id: d.councilId, role: d.role, created_at: at })
    .execute();
}

export async function findCouncilDomain(q: Kysely<Database>, domain: string) {
  return q.selectFrom("council_sso_domains").selectAll().where("domain", "=", domain).executeTakeFirst();
}

export async function removeCouncilDomain(q: Kysely<Database>, domain: string): Promise<void> {
  await q.deleteFrom("council_sso_domains").where("domain", "=", domain).execute();
}
