// API tokens: create (shown once, stored as SHA-256), find by the presented token, list, revoke, note last use.
import type { Kysely, Selectable } from "kysely";
import { sha256Hex } from "../../shared/crypto/ed25519.js";
import { AppError } from "../../shared/errors.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/connect.js";
import { newId } from "../ids.js";
import { parseDuration, requireCouncil } from "../services/admin.js";
import type { Database } from "../db/schema.js";
import type { ApiTokensTable } from "./tables.js";
import "./tables.js";
import { typedLine } from "../http/typed-line.js";

export type ApiTokenRow = Selectable<ApiTokensTable>;

/** "wat_" + 256 random bits: a scanner (GitHub secret scanning, gitleaks) can recognise a leaked one by its prefix. */
export const API_TOKEN_PATTERN = /^wat_[A-Za-z0-9_-]{43}$/;

export interface NewApiToken {
  name: string;
  /** Council id or name; absent for a provider token. */
  council?: string | undefined;
  provider: boolean;
  readOnly: boolean;
  /** "90d", "12h", "2w" (at most 366 days). */
  expires: string;
  createdBy: string;
}

export interface CreatedApiToken {
  token: string;
  id: string;
  name: string;
  councilId: string | null;
  councilName: string | null;
  readOnly: boolean;
  expiresAt: string;
}

export async function createApiToken(deps: { db: Db; clock: Clock }, input: NewApiToken): Promise<CreatedApiToken> {
  if (input.provider === Boolean(input.council)) {
    throw new AppError(
      "usage",
      "An API token is either for one council (--council ID|NAME) or for the provider (--provider), not both.",
    );
  }
  const name = typedLine(input.name);
  if (name.length < 1 || name.length > 100)
    throw new AppError("usage", "Give the token a name of 1 to 100 characters (what uses it).");
  const council = input.council ? await requireCouncil(deps, input.council) : null;
  const now = deps.clock.now();
  const token = newId("wat", 32);
  const row: ApiTokenRow = {
    id: newId("atk", 9),
    name,
    token_hash: sha256Hex(token),
    council_id: council?.id ?? null,
    read_only: input.readOnly ? 1 : 0,
    created_at: now.toISOString(),
    created_by: input.createdBy.slice(0, 320),
    expires_at: new Date(now.getTime() + parseDuration(input.expires)).toISOString(),
    last_used_at: null,
    last_used_ip: null,
    revoked_at: null,
  };
  await deps.db.kysely.insertInto("api_tokens").values(row).execute();
  return {
    token,
    id: row.id,
    name,
    councilId: row.council_id,
    councilName: council?.name ?? null,
    readOnly: input.readOnly,
    expiresAt: row.expires_at,
  };
}

/** The live token for a presented secret (not revoked, not expired), or undefined. */
export async function findLiveApiToken(
  q: Kysely<Database>,
  token: string,
  now: Date,
): Promise<ApiTokenRow | undefined> {
  if (!API_TOKEN_PATTERN.test(token)) return undefined;
  const row = await q
    .selectFrom("api_tokens")
    .selectAll()
    .where("token_hash", "=", sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.expires_at <= now.toISOString()) return undefined;
  return row;
}

/** Last use is written at most once a minute per token: a busy script does not turn every read into a write. */
export async function touchApiToken(q: Kysely<Database>, row: ApiTokenRow, now: Date, ip: string): Promise<void> {
  if (row.last_used_at && now.getTime() - Date.parse(row.last_used_at) < 60_000) return;
  await q
    .updateTable("api_tokens")
    .set({ last_used_at: now.toISOString(), last_used_ip: ip })
    .where("id", "=", row.id)
    .execute();
}

export async function listApiTokens(q: Kysely<Database>): Promise<ApiTokenRow[]> {
  return q.selectFrom("api_tokens").selectAll().orderBy("created_at", "desc").execute();
}

export async function revokeApiToken(q: Kysely<Database>, id: string, now: Date): Promise<ApiTokenRow> {
  const row = await q.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
  const r = await q
    .updateTable("api_tokens")
    .set({ revoked_at: now.toISOString() })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || Number(r.numUpdatedRows) !== 1) {
    throw new AppError(
      "not_found",
      `No unrevoked API token with id "${id}". List them with \`ward-server api-token list\`.`,
    );
  }
  return row;
}

/** A row as the CLI and the dashboard show it (never the hash). */
export function describeApiToken(t: ApiTokenRow, now: Date) {
  const state = t.revoked_at ? "revoked" : t.expires_at <= now.toISOString() ? "expired" : "active";
  return {
    id: t.id,
    name: t.name,
    scope: t.council_id ? "council" : "provider",
    councilId: t.council_id,
    readOnly: t.read_only === 1,
    createdAt: t.created_at,
    createdBy: t.created_by,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    lastUsedIp: t.last_used_ip,
    revokedAt: t.revoked_at,
    state,
  } as const;
}
