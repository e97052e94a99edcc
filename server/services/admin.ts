// Councils and enrolment tokens, as the ward-server CLI manages them.
import { sha256Hex } from "../../shared/crypto/ed25519.js";
import { canonicalJson } from "../../shared/canonical-json.js";
import { AppError } from "../../shared/errors.js";
import { formatZodError } from "../../shared/zod-error.js";
import { Policy } from "../../shared/schemas/policy.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/connect.js";
import { isUniqueViolation } from "../db/errors.js";
import { newEnrolToken, newId } from "../ids.js";
import {
  type CouncilRow,
  findCouncil,
  findCouncilById,
  insertCouncil,
  listCouncils,
  swapCouncilPolicy,
} from "../stores/council-store.js";
import { findDevice } from "../stores/device-store.js";
import { searchKey } from "../stores/search-key.js";
import { insertToken, listTokens, revokeToken, type TokenRow } from "../stores/token-store.js";

export interface AdminDeps {
  db: Db;
  clock: Clock;
}

export async function createCouncil(deps: AdminDeps, rawName: string): Promise<CouncilRow> {
  const name = rawName.trim().replace(/\s+/g, " ");
  if (name.length < 1 || name.length > 200) {
    throw new AppError("usage", 'A council name must be 1 to 200 characters, e.g. "Wellington Town Council".');
  }
  if (/^cou_/i.test(name))
    throw new AppError(
      "usage",
      "A council name cannot start with cou_ (that is how council ids look): use its real name.",
    );
  const now = deps.clock.now().toISOString();
  // The first policy is Ward's default, issued now; later issues let the IT provider edit it.
  const policy = Policy.parse({ version: 1, issuedAt: now });
  const row: CouncilRow = {
    id: newId("cou", 12),
    name,
    name_key: searchKey(name),
    policy_json: canonicalJson(policy),
    created_at: now,
  };
  try {
    await insertCouncil(deps.db.kysely, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `A council named "${name}" already exists.`);
    throw err;
  }
  return row;
}

export { listCouncils };

export async function requireCouncil(deps: AdminDeps, idOrName: string): Promise<CouncilRow> {
  const council = await findCouncil(deps.db.kysely, idOrName);
  if (!council) {
    throw new AppError("not_found", `No council "${idOrName}". List them with \`ward-server council list\`.`);
  }
  return council;
}

/** Dashboard and API paths: a council by its id only. */
export async function requireCouncilById(deps: AdminDeps, id: string): Promise<CouncilRow> {
  const council = await findCouncilById(deps.db.kysely, id);
  if (!council) throw new AppError("not_found", "No such council.");
  return council;
}

export interface CreatedToken {
  token: string;
  id: string;
  councilId: string;
  councilName: string;
  expiresAt: string;
  maxUses: number;
}

export async function createToken(
  deps: AdminDeps,
  input: { council: string; expires: string; uses: number; councilById?: boolean; device?: string },
): Promise<CreatedToken> {
  const device = input.device ? await findDevice(deps.db.kysely, input.device) : undefined;
  if (input.device && !device)
    throw new AppError("not_found", `No device "${input.device}". Its id (dev_…) is on its dashboard page.`);
  const council = device
    ? await requireCouncilById(deps, device.council_id)
    : input.councilById
      ? await requireCouncilById(deps, input.council)
      : await requireCouncil(deps, input.council);
  if (!Number.isInteger(input.uses) || input.uses < 1 || input.uses > 100_000) {
    throw new AppError("usage", "--uses must be a whole number from 1 to 100000.");
  }
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + parseDuration(input.expires)).toISOString();
  const token = newEnrolToken();
  const row: TokenRow = {
    id: newId("tok", 9),
    council_id: council.id,
    token_hash: hashToken(token),
    created_at: now.toISOString(),
    expires_at: expiresAt,
    max_uses: input.uses,
    uses: 0,
    revoked_at: null,
    device_id: device?.id ?? null,
  };
  await insertToken(deps.db.kysely, row);
  return { token, id: row.id, councilId: council.id, councilName: council.name, expiresAt, maxUses: input.uses };
}

export async function revokeEnrolToken(deps: AdminDeps, id: string): Promise<void> {
  if (!(await revokeToken(deps.db.kysely, id, deps.clock.now().toISOString()))) {
    throw new AppError("not_found", `No unrevoked token with id "${id}". List them with \`ward-server token list\`.`);
  }
}

export async function listEnrolTokens(deps: AdminDeps, council?: string): Promise<TokenRow[]> {
  const councilId = council ? (await requireCouncil(deps, council)).id : undefined;
  return listTokens(deps.db.kysely, councilId);
}

/** Tokens are looked up by SHA-256: 256 random bits need no slow hash, and the table never holds the token. */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "30m", "12h", "7d", "2w" → milliseconds (at most 366 days). */
export function parseDuration(text: string): number {
  const m = /^(\d{1,4})([mhdw])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2]!]! : Number.NaN;
  if (!(ms > 0) || ms > 366 * 86_400_000) {
    throw new AppError("usage", `--expires "${text}" is not a duration like 30m, 12h, 7d or 2w (at most 366 days).`);
  }
  return ms;
}

/**
 * Replaces a council's policy: validated against the Policy schema, its version one above the last, issued now.
 * Devices pick it up at their next GET /v1/policy.
 */
export async function setCouncilPolicy(deps: AdminDeps, council: string, input: unknown): Promise<CouncilRow> {
  return updateCouncilPolicy(deps, council, () => input);
}

/**
 * Changes a council's policy from its current value (version + 1, issued now). Two changes at once (two USB
 * approvals, two collector instances) never overwrite each other: the write is a compare-and-swap, retried on the
 * newer policy.
 */
export async function updateCouncilPolicy(
  deps: AdminDeps,
  council: string,
  change: (current: Policy) => unknown,
  lookup: "id" | "id-or-name" = "id-or-name",
): Promise<CouncilRow> {
  const first = lookup === "id" ? await requireCouncilById(deps, council) : await requireCouncil(deps, council);
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = attempt === 0 ? first : await requireCouncilById(deps, first.id);
    const previous = Policy.parse(JSON.parse(row.policy_json));
    const input = change(previous);
    const isObject = typeof input === "object" && input !== null && !Array.isArray(input);
    // Whose policy it is comes from the row it is stored in (sealing adds it): a council id in the input (a policy
    // file of another council imported, say) is not kept.
    const { councilId: _named, ...fields } = isObject ? (input as Record<string, unknown>) : {};
    const parsed = Policy.strict().safeParse({
      ...fields,
      version: previous.version + 1,
      issuedAt: deps.clock.now().toISOString(),
    });
    if (!parsed.success || !isObject) {
      const why = parsed.success ? "the policy must be a JSON object" : formatZodError(parsed.error);
      throw new AppError("usage", `The policy file is not a valid Ward policy: ${why}.`);
    }
    const policyJson = canonicalJson(parsed.data);
    if (await swapCouncilPolicy(deps.db.kysely, row.id, row.policy_json, policyJson))
      return { ...row, policy_json: policyJson };
  }
  throw new AppError("conflict", "The council's policy kept changing while saving; try again.");
}
