// Creating and resetting dashboard accounts: a generated one-time password, shown once; the TOTP secret is the user's own.
import { AppError } from "../../shared/errors.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/connect.js";
import { isUniqueViolation } from "../db/errors.js";
import { newId } from "../ids.js";
import { requireCouncil, requireCouncilById } from "../services/admin.js";
import { generatePassword, hashPassword } from "./auth/password.js";
import { deleteUserSessions } from "./auth/session-store.js";
import { findUserByEmail, insertUser, type UserRow, updateUser } from "./auth/user-store.js";
import { ROLES, type Role } from "./tables.js";

export interface NewUserInput {
  email: string;
  role: string;
  /** Council id or name (the CLI); required for council roles, refused for provider roles. */
  council?: string | undefined;
  /** The dashboard's form: `council` is an id, never a name. */
  councilById?: boolean;
}

export interface IssuedCredentials {
  user: UserRow;
  /** Shown once; it must be changed at the first login. The TOTP secret is made at that login and shown only to the user. */
  password: string;
}

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,255}$/;

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AppError("usage", `"${raw}" is not an email address.`);
  return email;
}

export function parseRole(raw: string): Role {
  const role = ROLES.find((r) => r === raw);
  if (!role) throw new AppError("usage", `--role must be one of ${ROLES.join(", ")}.`);
  return role;
}

export async function createUser(deps: { db: Db; clock: Clock }, input: NewUserInput): Promise<IssuedCredentials> {
  const email = normaliseEmail(input.email);
  const role = parseRole(input.role);
  const councilRole = role.startsWith("council-");
  if (councilRole && !input.council)
    throw new AppError("usage", `A ${role} belongs to one council: give --council ID|NAME.`);
  if (!councilRole && input.council)
    throw new AppError("usage", `A ${role} sees every council: do not give --council.`);
  const council = input.council
    ? await (input.councilById ? requireCouncilById : requireCouncil)(deps, input.council)
    : undefined;
  const password = generatePassword();
  const user: UserRow = {
    id: newId("usr", 12),
    email,
    role,
    council_id: council?.id ?? null,
    password_hash: await hashPassword(password),
    must_change_password: 1,
    totp_secret: null,
    totp_confirmed_at: null,
    totp_last_step: null,
    created_at: deps.clock.now().toISOString(),
    disabled_at: null,
  };
  try {
    await insertUser(deps.db.kysely, user);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `A user ${email} already exists.`);
    throw err;
  }
  return { user, password };
}

/**
 * New one-time password; the old TOTP secret is dropped, so the user sets up a new one at the next login (the
 * secret rotates and only the user sees it); every session of the account ends. A disabled account stays disabled:
 * only enableUser brings it back.
 */
export async function resetUser(deps: { db: Db; clock: Clock }, rawEmail: string): Promise<IssuedCredentials> {
  const found = await findUserByEmail(deps.db.kysely, normaliseEmail(rawEmail));
  if (!found) throw new AppError("not_found", `No user ${rawEmail}.`);
  const password = generatePassword();
  const set = {
    password_hash: await hashPassword(password),
    must_change_password: 1,
    totp_secret: null,
    totp_confirmed_at: null,
    totp_last_step: null,
  };
  await updateUser(deps.db.kysely, found.id, set);
  await deleteUserSessions(deps.db.kysely, found.id);
  return { user: { ...found, ...set }, password };
}

/** Brings a disabled account back (an explicit action, audited by the caller). */
export async function enableUser(deps: { db: Db }, id: string): Promise<void> {
  await updateUser(deps.db.kysely, id, { disabled_at: null });
}
