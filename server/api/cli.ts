// `ward-server api-token create|list|revoke`: API tokens for scripts and ticketing bridges (shown once, audited).
import { AppError } from "../../shared/errors.js";
import { systemClock } from "../clock.js";
import { featureArgs } from "../cli/args.js";
import type { Print } from "../cli/commands.js";
import { CLI_ACTOR, withCliDatabase } from "../cli/with-database.js";
import { createApiToken, describeApiToken, listApiTokens, revokeApiToken } from "./token-store.js";

export const API_TOKEN_USAGE = `ward-server api-token: tokens for the API under /api/v1 (document: /api/openapi.json)

  ward-server api-token create (--council ID|NAME | --provider) [--read-only] [--expires 90d] [--name TEXT]
      A council token sees that council only; a provider token every council. Without --read-only the token may
      also add and revoke waivers and USB approvals. Printed once; only its SHA-256 is stored. --expires at most 366d.
  ward-server api-token list
  ward-server api-token revoke TOKEN_ID      (atk_…, from list)
Takes the shared --data-dir, --db, --config and --json flags.`;

export async function apiTokenCli(argv: string[], print: Print): Promise<void> {
  const options = {
    provider: { type: "boolean" },
    "read-only": { type: "boolean" },
    name: { type: "string" },
  } as const;
  const args = featureArgs(
    argv,
    options,
    API_TOKEN_USAGE,
    print,
    "api-token needs a subcommand: create, list or revoke.",
  );
  if (!args) return;
  const { action } = args;
  const id = args.positionals[1];
  return withCliDatabase(args, async ({ db, audit: cliAudit }) => {
    const now = () => systemClock.now();
    switch (action) {
      case "create": {
        const provider = args.extra.provider === true;
        const readOnly = args.extra["read-only"] === true;
        const name =
          typeof args.extra.name === "string" ? args.extra.name : provider ? "provider script" : "council script";
        const t = await createApiToken(
          { db, clock: systemClock },
          {
            name,
            council: args.council,
            provider,
            readOnly,
            expires: args.expires ?? "90d",
            createdBy: CLI_ACTOR,
          },
        );
        await cliAudit("api-token.create", t.id, t.councilId, { name: t.name, readOnly, expiresAt: t.expiresAt });
        if (args.json) return print(JSON.stringify(t));
        const scope = t.councilName ? `council "${t.councilName}"` : "the provider (every council)";
        return print(
          `${t.token}\n(API token ${t.id} "${t.name}" for ${scope}, ${readOnly ? "read-only" : "read and write"}, expires ${t.expiresAt}; shown only now)`,
        );
      }
      case "list": {
        const rows = (await listApiTokens(db.kysely)).map((t) => describeApiToken(t, now()));
        if (args.json) return print(JSON.stringify(rows));
        const text = rows.map(
          (t) =>
            `${t.id}\t${t.name}\t${t.councilId ?? "provider"}\t${t.readOnly ? "read-only" : "write"}\t${t.state}\tlast used ${t.lastUsedAt ?? "never"}`,
        );
        return print(text.join("\n") || "No API tokens.");
      }
      case "revoke": {
        if (!id)
          throw new AppError(
            "usage",
            "api-token revoke needs the token's id (atk_…), from `ward-server api-token list`.",
          );
        const row = await revokeApiToken(db.kysely, id, now());
        await cliAudit("api-token.revoke", row.id, row.council_id, { name: row.name });
        return print(args.json ? JSON.stringify({ revoked: row.id }) : `Revoked ${row.id} "${row.name}"`);
      }
      default:
        throw new AppError("usage", `Unknown api-token command "${action}".\n${API_TOKEN_USAGE}`);
    }
  });
}
