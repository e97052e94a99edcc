// `ward-server alerts set|show|list|retry|send`: a council's alert settings and the outbox, from the command line.
import { AppError } from "../../shared/errors.js";
import { featureArgs } from "../cli/args.js";
import type { Print } from "../cli/commands.js";
import { systemClock } from "../clock.js";
import { withCliDatabase } from "../cli/with-database.js";
import { createLogger } from "../logging.js";
import { findCouncil } from "../stores/council-store.js";
import { applyFlags, SET_OPTIONS } from "./cli-set.js";
import { createAlerts } from "./index.js";
import { listAlerts, type OutboxStatus, retryFailed } from "./outbox-store.js";
import { getAlertSettings, setAlertSettings } from "./settings-store.js";
import { redactSettings } from "./settings.js";

export const ALERTS_USAGE = `ward-server alerts: alert settings and the alert outbox

  alerts set --council ID|NAME [--dsfm-email ADDR]… [--it-email ADDR]… [--smtp-url smtp://user:pass@host:587]
             [--from ADDR] [--public-url https://ward.example.org] [--webhook NAME=json|teams|slack:dsfm|it:URL]…
             [--remove-webhook NAME]… [--disable-rule RULE]… [--enable-rule RULE]… [--confirm-reports N]
             [--screen-lock-grace-hours N] [--silence-hours N] [--digest-day 0-6] [--digest-hour 0-23] [--enabled true|false]
             (a list flag replaces that list; "--dsfm-email none" empties it)
             smtp:// must upgrade with STARTTLS (or use smtps://…:465); add ?tls=off only for a relay on this machine
  alerts show --council ID|NAME          Settings, with the SMTP password and webhook URLs hidden
  alerts list [--council ID|NAME] [--status pending|sent|failed] [--limit 50]
  alerts retry [--council ID|NAME] [--id ALERT_ID]   Put failed alerts back in the queue
  alerts send                            Run the rules and send what is due, once, now
Rules: disk-encryption usb-storage hotspot os-patch screen-lock chain silence recovery digest.
Also: --data-dir, --db, --config, --json as for every subcommand.`;

export async function alertsCli(argv: string[], print: Print): Promise<void> {
  const options = {
    ...SET_OPTIONS,
    status: { type: "string" },
    limit: { type: "string" },
    id: { type: "string" },
  } as const;
  const args = featureArgs(argv, options, ALERTS_USAGE, print);
  if (!args) return;
  const { action } = args;
  const out = (value: unknown, text: string) => print(args.json ? JSON.stringify(value) : text);
  return withCliDatabase(args, async ({ config, db }) => {
    const q = db.kysely;
    const council = async (required: boolean) => {
      if (!args.council) {
        if (required) throw new AppError("usage", `alerts ${action} needs --council ID or NAME.`);
        return undefined;
      }
      const c = await findCouncil(q, args.council);
      if (!c) throw new AppError("not_found", `No council "${args.council}": see \`ward-server council list\`.`);
      return c;
    };
    switch (action) {
      case "set": {
        const c = (await council(true))!;
        const next = applyFlags(await getAlertSettings(q, c.id), args.extra);
        const saved = redactSettings(await setAlertSettings(q, c.id, next, systemClock.now()));
        return out(saved, `Alert settings of "${c.name}" saved:\n${JSON.stringify(saved, null, 2)}`);
      }
      case "show": {
        const c = (await council(true))!;
        const s = redactSettings(await getAlertSettings(q, c.id));
        return out(s, JSON.stringify(s, null, 2));
      }
      case "list": {
        const c = await council(false);
        const status = args.extra["status"] as OutboxStatus | undefined;
        if (status && !["pending", "sent", "failed"].includes(status))
          throw new AppError("usage", "--status is pending, sent or failed.");
        const rows = await listAlerts(q, {
          ...(c ? { councilId: c.id } : {}),
          ...(status ? { status } : {}),
          limit: Number(args.extra["limit"] ?? 50) || 50,
        });
        const list = rows.map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          status: r.status,
          rule: r.rule,
          kind: r.kind,
          deviceId: r.device_id,
          destination: r.destination,
          attempts: r.attempts,
          sentAt: r.sent_at,
          lastError: r.last_error,
        }));
        const text = list.map(
          (r) => `${r.id}\t${r.createdAt}\t${r.status}\t${r.rule}/${r.kind}\t${r.destination}\t${r.lastError ?? ""}`,
        );
        return out(list, text.join("\n") || "No alerts.");
      }
      case "retry": {
        const c = await council(false);
        const id = args.extra["id"] as string | undefined;
        if (!c && !id) throw new AppError("usage", "alerts retry needs --council or --id.");
        const n = await retryFailed(q, { ...(c ? { councilId: c.id } : {}), ...(id ? { id } : {}) }, systemClock.now());
        return out({ requeued: n }, `Requeued ${n} failed alert(s).`);
      }
      case "send": {
        const done = await createAlerts({
          db,
          clock: systemClock,
          logger: createLogger(config.logLevel),
          config,
        }).tick();
        return out(done, `Sent ${done.sent.sent}, retrying ${done.sent.retrying}, failed ${done.sent.failed}.`);
      }
      default:
        throw new AppError("usage", `Unknown command "alerts ${action}". Run \`ward-server alerts --help\`.`);
    }
  });
}
