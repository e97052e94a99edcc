// The admin subcommands (council, token, migrate): each opens the database, does one thing, prints, closes.
import { AppError } from "../../shared/errors.js";
import { systemClock } from "../clock.js";
import type { ServerConfig } from "../config/config.js";
import { readFileSync } from "node:fs";
import {
  createCouncil,
  createToken,
  listCouncils,
  listEnrolTokens,
  revokeEnrolToken,
  setCouncilPolicy,
} from "../services/admin.js";
import type { ParsedArgs } from "./args.js";
import { withConfigDatabase } from "./with-database.js";

export type Print = (line: string) => void;

export async function runAdminCommand(config: Readonly<ServerConfig>, args: ParsedArgs, print: Print): Promise<void> {
  return withConfigDatabase(config, async ({ db, applied }) => {
    const deps = { db, clock: systemClock };
    const [group, action, ...rest] = args.positionals;
    const out = (value: unknown, text: string) => print(args.json ? JSON.stringify(value) : text);
    switch (`${group} ${action ?? ""}`.trim()) {
      case "migrate":
        return out({ applied }, applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      case "council create": {
        const name = rest.join(" ");
        const c = await createCouncil(deps, name);
        return out({ id: c.id, name: c.name, createdAt: c.created_at }, `Created council ${c.id} "${c.name}"`);
      }
      case "council list": {
        const rows = await listCouncils(db.kysely);
        const list = rows.map((c) => ({ id: c.id, name: c.name, createdAt: c.created_at }));
        return out(list, list.map((c) => `${c.id}\t${c.name}`).join("\n") || "No councils yet.");
      }
      case "council policy": {
        if (!args.council || !args.file)
          throw new AppError("usage", "council policy needs --council ID|NAME and --file POLICY.json.");
        const c = await setCouncilPolicy(deps, args.council, readPolicyFile(args.file));
        const policy: unknown = JSON.parse(c.policy_json);
        return out(policy, `Policy of "${c.name}" is now ${c.policy_json}`);
      }
      case "token create": {
        if (args.device) {
          // A re-enrolment token: one use, bound to the device; the device keeps its id and gets the new key at once.
          const t = await createToken(deps, {
            council: args.council ?? "",
            device: args.device,
            expires: args.expires ?? "1d",
            uses: 1,
          });
          return out(
            t,
            `${t.token}\n(token ${t.id} re-enrols device ${args.device} of ${t.councilName} once, expires ${t.expiresAt}; shown only now)`,
          );
        }
        if (!args.council)
          throw new AppError(
            "usage",
            "token create needs --council ID or NAME (or --device ID to re-enrol one device).",
          );
        const uses = args.uses === undefined ? 25 : Number(args.uses);
        const t = await createToken(deps, { council: args.council, expires: args.expires ?? "7d", uses });
        return out(
          t,
          `${t.token}\n(token ${t.id} for ${t.councilName}: ${t.maxUses} uses, expires ${t.expiresAt}; shown only now)`,
        );
      }
      case "token revoke": {
        const id = rest[0];
        if (!id) throw new AppError("usage", "token revoke needs the token's id (tok_…), from `token list`.");
        await revokeEnrolToken(deps, id);
        return out({ revoked: id }, `Revoked ${id}`);
      }
      case "token list": {
        const rows = await listEnrolTokens(deps, args.council);
        const list = rows.map((t) => ({
          id: t.id,
          councilId: t.council_id,
          expiresAt: t.expires_at,
          uses: t.uses,
          maxUses: t.max_uses,
          revokedAt: t.revoked_at,
        }));
        const text = list.map(
          (t) =>
            `${t.id}\t${t.councilId}\t${t.uses}/${t.maxUses}\t${t.revokedAt ? "revoked" : `expires ${t.expiresAt}`}`,
        );
        return out(list, text.join("\n") || "No tokens.");
      }
      default:
        throw new AppError("usage", `Unknown command "${args.positionals.join(" ")}". Run \`ward-server --help\`.`);
    }
  });
}

function readPolicyFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (cause) {
    throw new AppError("usage", `Cannot read the policy file ${path}: ${(cause as Error).message}`, { cause });
  }
}
