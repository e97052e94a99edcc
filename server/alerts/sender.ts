// Sends due outbox rows: claim one (so no other instance sends it), render, deliver, mark sent or schedule a retry.
import { errorMessage } from "../../shared/errors.js";
import type { AlertsContext } from "./context.js";
import { readAlertContent } from "./content.js";
import { renderEmail } from "./format-email.js";
import { renderWebhook } from "./format-webhook.js";
import { claimOutbox, dueOutbox, markAttemptFailed, markSent, type OutboxRow } from "./outbox-store.js";
import { getAlertSettings } from "./settings-store.js";
import { PermanentSendError, sendEmail } from "./transport-email.js";
import { sendWebhook } from "./transport-webhook.js";

const NO_MAIL_SERVER = /^no SMTP server or sender address is set/;

export interface SenderOptions {
  /** This instance's claim name. */
  owner: string;
  batch: number;
  /** How long a claim holds: longer than a send can take (the timeouts below), so a live sender is never overtaken. */
  claimMs: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Attempts before a row is given up as failed (shown on the dashboard; `ward-server alerts retry` requeues). */
  maxAttempts: number;
}

export const DEFAULT_SENDER: Omit<SenderOptions, "owner"> = {
  batch: 20,
  claimMs: 5 * 60_000,
  timeoutMs: 20_000,
  backoffBaseMs: 60_000,
  backoffMaxMs: 60 * 60_000,
  maxAttempts: 12,
};

export interface SendTally {
  sent: number;
  retrying: number;
  failed: number;
}

/** One pass over what is due now. */
export async function sendDue(ctx: AlertsContext, o: SenderOptions): Promise<SendTally> {
  const tally: SendTally = { sent: 0, retrying: 0, failed: 0 };
  const q = ctx.db.kysely;
  for (const row of await dueOutbox(q, ctx.clock.now(), o.batch)) {
    const now = ctx.clock.now();
    if (!(await claimOutbox(q, row.id, o.owner, now, new Date(now.getTime() + o.claimMs)))) continue;
    try {
      await deliver(ctx, row, o.timeoutMs);
      await markSent(q, row.id, o.owner, ctx.clock.now());
      tally.sent++;
    } catch (err) {
      const attempts = row.attempts + 1;
      const permanent = err instanceof PermanentSendError;
      const next =
        permanent || attempts >= o.maxAttempts
          ? null
          : new Date(ctx.clock.now().getTime() + Math.min(o.backoffBaseMs * 2 ** row.attempts, o.backoffMaxMs));
      const message = errorMessage(err);
      await markAttemptFailed(q, row.id, o.owner, message, next);
      if (next) tally.retrying++;
      else tally.failed++;
      // No mail server set is a state of the council's settings, shown on its Alerts page: said once in the log, not
      // at every retry (the demo runs without one).
      const level = !next ? "error" : NO_MAIL_SERVER.test(message) && attempts > 1 ? "info" : "warn";
      ctx.logger[level](next ? "alert not delivered; will retry" : "alert not delivered; gave up", {
        alert: row.id,
        destination: row.destination,
        attempts,
        error: message,
      });
    }
  }
  return tally;
}

async function deliver(ctx: AlertsContext, row: OutboxRow, timeoutMs: number): Promise<void> {
  const settings = await getAlertSettings(ctx.db.kysely, row.council_id);
  const content = readAlertContent(row.content_json);
  const reference = row.idempotency_key;
  const [channel, ...rest] = row.destination.split(":");
  const target = rest.join(":");
  if (channel === "email") {
    if (!settings.smtpUrl || !settings.from) {
      throw new Error(
        "no SMTP server or sender address is set for this council (ward-server alerts set --smtp-url … --from …)",
      );
    }
    const body = renderEmail(content, row.role, reference);
    await sendEmail({ smtpUrl: settings.smtpUrl, from: settings.from, to: target, body, reference, timeoutMs });
    return;
  }
  if (channel === "webhook") {
    const hook = settings.webhooks.find((w) => w.name === target);
    if (!hook) throw new PermanentSendError(`webhook ${target} is no longer in the council's alert settings`);
    await sendWebhook({
      name: hook.name,
      url: hook.url,
      body: renderWebhook(content, row.role, hook.format, reference, row.council_id),
      reference,
      timeoutMs,
    });
    return;
  }
  throw new PermanentSendError(`unknown destination kind "${channel}"`);
}
