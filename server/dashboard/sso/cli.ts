// `ward-server sso domains|allow-domain|remove-domain`: the email domains whose people may sign in to one council by SSO.
import { AppError } from "../../../shared/errors.js";
import { systemClock } from "../../clock.js";
import { featureArgs } from "../../cli/args.js";
import type { Print } from "../../cli/commands.js";
import { withCliDatabase } from "../../cli/with-database.js";
import { isUniqueViolation } from "../../db/errors.js";
import { requireCouncil } from "../../services/admin.js";
import { addCouncilDomain, councilDomains, findCouncilDomain, removeCouncilDomain } from "./store.js";

export const SSO_USAGE = `ward-server sso: single sign-on for a council's own people

  ward-server sso allow-domain --council ID|NAME --domain wellington-tc.gov.uk [--role council-manager|council-viewer]
      People whose verified email is at that domain may sign in to that council (default role: council-manager).
  ward-server sso remove-domain --domain DOMAIN
  ward-server sso domains
The identity provider itself and the provider's own domains and groups are in the config (sso.issuer, …).`;

export async function ssoCli(argv: string[], print: Print): Promise<void> {
  const options = { domain: { type: "string" }, role: { type: "string" } } as const;
  const missing = "sso needs a subcommand: allow-domain, remove-domain or domains.";
  const args = featureArgs(argv, options, SSO_USAGE, print, missing);
  if (!args) return;
  const { action } = args;
  return withCliDatabase(args, async ({ config, db, audit }) => {
    const domain = typeof args.extra.domain === "string" ? args.extra.domain.trim().toLowerCase() : "";
    const log = (action: string, councilId: string | null, detail: Record<string, unknown>) =>
      audit(action, domain, councilId, detail);
    switch (action) {
      case "allow-domain": {
        if (!args.council || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain))
          throw new AppError(
            "usage",
            "sso allow-domain needs --council ID|NAME and --domain like wellington-tc.gov.uk.",
          );
        const role = typeof args.extra.role === "string" ? args.extra.role : "council-manager";
        if (role !== "council-manager" && role !== "council-viewer")
          throw new AppError("usage", "--role must be council-manager or council-viewer.");
        if (config.sso?.providerDomains.includes(domain))
          throw new AppError("usage", `${domain} is one of the provider's own domains (sso.providerDomains).`);
        const council = await requireCouncil({ db, clock: systemClock }, args.council);
        try {
          await addCouncilDomain(db.kysely, { domain, councilId: council.id, role }, systemClock.now().toISOString());
        } catch (err) {
          if (isUniqueViolation(err))
            throw new AppError("conflict", `${domain} is already allowed for a council: remove it first.`);
          throw err;
        }
        await log("sso.domain.allow", council.id, { role });
        return print(
          args.json
            ? JSON.stringify({ domain, councilId: council.id, role })
            : `People at ${domain} may now sign in to "${council.name}" as ${role}.`,
        );
      }
      case "remove-domain": {
        const row = await findCouncilDomain(db.kysely, domain);
        if (!row)
          throw new AppError(
            "not_found",
            `No council allows ${domain || "that domain"}. List them with \`ward-server sso domains\`.`,
          );
        await removeCouncilDomain(db.kysely, domain);
        await log("sso.domain.remove", row.council_id, {});
        return print(args.json ? JSON.stringify({ removed: domain }) : `Removed ${domain}.`);
      }
      case "domains": {
        const rows = await councilDomains(db.kysely);
        return print(
          args.json
            ? JSON.stringify(rows)
            : rows.map((r) => `${r.domain}\t${r.councilId}\t${r.role}`).join("\n") || "No council domains.",
        );
      }
      default:
        throw new AppError("usage", `Unknown sso command "${action}".\n${SSO_USAGE}`);
    }
  });
}
