// `ward-server user create|reset|list|disable|enable`: bootstrap and manage dashboard accounts from the command line.
import { AppError } from "../../shared/errors.js";
import { systemClock } from "../clock.js";
import { featureArgs } from "../cli/args.js";
import type { Print } from "../cli/commands.js";
import { withCliDatabase } from "../cli/with-database.js";
import { ROLE_LABELS } from "./access.js";
import { deleteUserSessions } from "./auth/session-store.js";
import { findUserByEmail, listUsers, updateUser } from "./auth/user-store.js";
import { createUser, enableUser, type IssuedCredentials, normaliseEmail, resetUser } from "./users.js";

export const USER_USAGE = `ward-server user: dashboard accounts

  ward-server user create --email EMAIL --role ROLE [--council ID|NAME]
      ROLE: provider-admin, provider-technician, council-manager, council-viewer (council roles need --council).
      Prints a one-time password (changed at the first login, where the user also sets up their authenticator app).
  ward-server user reset --email EMAIL      New one-time password; MFA is set up again; ends the user's sessions
  ward-server user disable --email EMAIL
  ward-server user enable --email EMAIL     Brings back a disabled account (a reset does not)
  ward-server user list [--council ID|NAME]
Takes the shared --data-dir, --db, --config and --json flags.`;

export async function printCredentials(c: IssuedCredentials, print: Print, json: boolean): Promise<void> {
  if (json) {
    print(
      JSON.stringify({
        id: c.user.id,
        email: c.user.email,
        role: c.user.role,
        councilId: c.user.council_id,
        password: c.password,
        disabled: c.user.disabled_at !== null,
      }),
    );
    return;
  }
  print(
    `User ${c.user.email} (${ROLE_LABELS[c.user.role]})${c.user.disabled_at ? " — still disabled: enable it with `ward-server user enable`" : ""}`,
  );
  print(`One-time password (shown only now; choose a new one at the first login): ${c.password}`);
  print("At the first login the user sets up their own authenticator app (the key is shown only to them).");
}

export async function userCli(argv: string[], print: Print): Promise<void> {
  const options = { email: { type: "string" }, role: { type: "string" } } as const;
  const args = featureArgs(
    argv,
    options,
    USER_USAGE,
    print,
    "user needs a subcommand: create, reset, disable or list.",
  );
  if (!args) return;
  const { action } = args;
  return withCliDatabase(args, async ({ db, audit: cliAudit }) => {
    const deps = { db, clock: systemClock };
    const email = typeof args.extra.email === "string" ? args.extra.email : undefined;
    switch (action) {
      case "create": {
        if (!email || typeof args.extra.role !== "string")
          throw new AppError("usage", "user create needs --email and --role.");
        const c = await createUser(deps, { email, role: args.extra.role, council: args.council });
        await cliAudit("user.create", c.user.email, c.user.council_id);
        return printCredentials(c, print, args.json);
      }
      case "reset": {
        if (!email) throw new AppError("usage", "user reset needs --email.");
        const c = await resetUser(deps, email);
        await cliAudit("user.reset", c.user.email, c.user.council_id);
        return printCredentials(c, print, args.json);
      }
      case "disable": {
        if (!email) throw new AppError("usage", "user disable needs --email.");
        const u = await findUserByEmail(db.kysely, normaliseEmail(email));
        if (!u) throw new AppError("not_found", `No user ${email}.`);
        await updateUser(db.kysely, u.id, { disabled_at: systemClock.now().toISOString() });
        await deleteUserSessions(db.kysely, u.id);
        await cliAudit("user.disable", u.email, u.council_id);
        return print(args.json ? JSON.stringify({ disabled: u.email }) : `Disabled ${u.email}`);
      }
      case "enable": {
        if (!email) throw new AppError("usage", "user enable needs --email.");
        const u = await findUserByEmail(db.kysely, normaliseEmail(email));
        if (!u) throw new AppError("not_found", `No user ${email}.`);
        await enableUser(deps, u.id);
        await cliAudit("user.enable", u.email, u.council_id);
        return print(args.json ? JSON.stringify({ enabled: u.email }) : `Enabled ${u.email}`);
      }
      case "list": {
        const users = await listUsers(db.kysely);
        const rows = users
          .filter((u) => !args.council || u.council_id === args.council)
          .map((u) => ({
            email: u.email,
            role: u.role,
            councilId: u.council_id,
            mfa: u.totp_confirmed_at !== null,
            disabled: u.disabled_at !== null,
          }));
        return print(
          args.json
            ? JSON.stringify(rows)
            : rows
                .map(
                  (u) =>
                    `${u.email}\t${u.role}\t${u.councilId ?? "all"}\t${u.mfa ? "mfa" : "no-mfa"}${u.disabled ? "\tdisabled" : ""}`,
                )
                .join("\n") || "No users.",
        );
      }
      default:
        throw new AppError("usage", `Unknown user command "${action}".\n${USER_USAGE}`);
    }
  });
}
