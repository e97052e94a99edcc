// A council's alerts: what was sent (as sent), the next email and the weekly digest, then the settings (recipients,
// rules, timings; the mail server and webhooks stay with the IT provider's `ward-server alerts set`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { controlTitle } from "../../../shared/controls/index.js";
import { getAlertSettings, setAlertSettings } from "../../alerts/settings-store.js";
import { listAlerts } from "../../alerts/outbox-store.js";
import { AlertSettings, type AlertSettingsInput, redactSettings, RuleId } from "../../alerts/settings.js";
import { smtpConnection } from "../../alerts/transport-email.js";
import { cliCommand, shellQuote } from "../../config/cli-command.js";
import type { ServiceContext } from "../../services/context.js";
import { assertManage, canManageCouncil, isProvider } from "../access.js";
import { audit } from "../audit.js";
import { html } from "../html.js";
import { BASE, csrfField, page } from "../layout.js";
import { visibleCouncil } from "../council-scope.js";
import { requireUser, sendPage } from "../request-context.js";
import { digestPreview, nextEmail, sentAlerts } from "./alerts-sent.js";

type Body = Record<string, string | string[] | undefined>;

/** Each rule in words: the controls by title, the others by what they watch. */
const RULE_WORDS: Record<string, string> = {
  chain: "Tampering, cloning or a take-over (reports missing or conflicting, a new key)",
  silence: "A laptop stops reporting",
  recovery: 'A problem is fixed (a short "resolved" note)',
  digest: "The weekly summary",
};
const ruleWords = (r: string) => RULE_WORDS[r] ?? controlTitle(r);

function emails(v: string | string[] | undefined): string[] {
  return String(v ?? "")
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(v: string | string[] | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) ? n : fallback;
}

export function registerAlertsPage(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  /** The page; `typed` brings the settings form back with what was typed and what to change (nothing saved). */
  const show = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    typed?: { form: AlertSettings; problem: string; raw: { dsfm: string; it: string } },
  ) => {
    const { user, session } = requireUser(request);
    const council = await visibleCouncil(q, user, request.params.id);
    const saved = await getAlertSettings(q, council.id);
    const s = typed?.form ?? saved;
    const shown = redactSettings(saved);
    const recent = await listAlerts(q, { councilId: council.id, limit: 50 });
    const manage = canManageCouncil(user, council.id);
    const provider = isProvider(user);
    const dis = manage ? "" : html` disabled`;
    const body = html`${(request.query as { done?: string }).done ? html`<p class="flash flash-ok" role="status">✔ Alert settings saved.</p>` : ""}${typed ? html`<p class="flash flash-error" role="alert" id="settings-error">Nothing was saved: ${typed.problem} <a href="#settings">Change it below</a>.</p>` : ""}
<p><a href="#settings">Alert settings</a> · <a href="#next-email">The next email</a> · <a href="#digest">This week's digest</a></p>
<h2 id="sent">What Ward sent</h2>
${sentAlerts(recent, provider)}
<h2 id="next-email">The next email</h2>
${nextEmail(recent)}
<h2 id="digest">This week's digest (preview)</h2>
${saved.disabledRules.includes("digest") ? html`<p>The weekly summary is switched off below.</p>` : await digestPreview(q, council, saved, ctx.clock.now())}
<h2 id="settings">Alert settings</h2>
<form method="post" action="${BASE}/councils/${council.id}/alerts" class="card">${csrfField(session.csrf_token)}
  <label><input type="checkbox" name="enabled" value="1"${s.enabled ? html` checked` : ""}${dis}> Alerts on</label>
  <label for="dsfm">DSFM recipients (plain English), one per line</label><textarea id="dsfm" name="dsfm" rows="3"${dis}>${typed?.raw.dsfm ?? s.recipients.dsfm.join("\n")}</textarea>
  <label for="it">IT provider recipients (with technical detail)</label><textarea id="it" name="it" rows="3"${dis}>${typed?.raw.it ?? s.recipients.it.join("\n")}</textarea>
  <fieldset><legend>Rules switched on</legend>${RuleId.options.map((r) => html`<label class="check"><input type="checkbox" name="rule" value="${r}"${s.disabledRules.includes(r) ? "" : html` checked`}${dis}> ${ruleWords(r)}</label>`)}</fieldset>
  <label for="silenceHours">Report a silent device after (hours)</label><input id="silenceHours" name="silenceHours" type="number" min="1" max="2160" value="${s.silenceHours}"${dis}>
  <label for="confirmReports">Failed reports in a row before an alert</label><input id="confirmReports" name="confirmReports" type="number" min="1" max="10" value="${s.confirmReports}"${dis}>
  <label for="screenLockGraceHours">Screen lock grace (hours)</label><input id="screenLockGraceHours" name="screenLockGraceHours" type="number" min="0" max="720" value="${s.screenLockGraceHours}"${dis}>
  ${manage ? html`<button type="submit">Save alert settings</button>` : ""}
</form>
${
  provider
    ? html`<p>Mail server: <code>${shown.smtpUrl ?? "not set"}</code>; sender: ${shown.from ?? "not set"}; webhooks: ${shown.webhooks.map((w) => html`<code>${w.name}</code> (${w.format}, ${w.url}) `)}${shown.webhooks.length ? "" : "none"}.
${mailSecurity(saved.smtpUrl)}
These are set where the collector runs: <code class="command">${cliCommand(ctx.config, `alerts set --council ${shellQuote(council.name)} --smtp-url … --from …`)}</code></p>`
    : html`<p>${saved.smtpUrl && saved.from ? html`Alerts are emailed from ${s.from}.` : "No mail server is set up for this council yet, so alerts wait here until your IT provider sets one up."} ${mailSecurity(saved.smtpUrl)}</p>`
}`;
    return sendPage(
      reply,
      page({
        title: `Alerts · ${council.name}`,
        user,
        csrf: session.csrf_token,
        councilId: council.id,
        body,
      }),
      typed ? 400 : 200,
    );
  };
  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(`${BASE}/councils/:id/alerts`, (request, reply) =>
    show(request, reply),
  );

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/alerts`, async (request, reply) => {
    const { user } = requireUser(request);
    assertManage(user, request.params.id);
    await visibleCouncil(q, user, request.params.id);
    const s = await getAlertSettings(q, request.params.id);
    const b = request.body;
    const on = new Set([b.rule ?? []].flat());
    const next: AlertSettingsInput = {
      ...s,
      enabled: b.enabled === "1",
      recipients: { dsfm: emails(b.dsfm), it: emails(b.it) },
      disabledRules: RuleId.options.filter((r) => !on.has(r)),
      silenceHours: int(b.silenceHours, s.silenceHours),
      confirmReports: int(b.confirmReports, s.confirmReports),
      screenLockGraceHours: int(b.screenLockGraceHours, s.screenLockGraceHours),
    };
    const checked = AlertSettings.safeParse(next);
    if (!checked.success) {
      const form = { ...s, ...next, recipients: { dsfm: emails(b.dsfm), it: emails(b.it) } } as AlertSettings;
      const raw = { dsfm: String(b.dsfm ?? ""), it: String(b.it ?? "") };
      return show(request, reply, { form, problem: problemWords(checked.error.issues[0], next), raw });
    }
    const saved = await setAlertSettings(q, request.params.id, checked.data, ctx.clock.now());
    await audit(q, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: request.params.id,
      action: "alerts.settings",
      target: request.params.id,
      detail: {
        enabled: saved.enabled,
        recipients: saved.recipients,
        disabledRules: saved.disabledRules,
        silenceHours: saved.silenceHours,
      },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/councils/${request.params.id}/alerts?done=1`, 303);
  });
}

const FIELD_WORDS: Record<string, string> = {
  dsfm: "DSFM recipients",
  it: "IT provider recipients",
  silenceHours: "Report a silent device after (hours)",
  confirmReports: "Failed reports in a row before an alert",
  screenLockGraceHours: "Screen lock grace (hours)",
};

/** The first thing wrong with the typed settings, in the form's own words. */
function problemWords(issue: { path: PropertyKey[]; message: string } | undefined, typed: AlertSettingsInput): string {
  const path = issue?.path ?? [];
  const field = String(path[0] === "recipients" ? path[1] : path[0]);
  const label = FIELD_WORDS[field] ?? field;
  if (path[0] === "recipients" && typeof path[2] === "number") {
    const value = typed.recipients?.[field as "dsfm" | "it"]?.[path[2]] ?? "";
    return `${label}: "${value}" is not an email address.`;
  }
  return `${label}: ${issue?.message ?? "this value cannot be used"}.`;
}

/** In words, how alert email leaves the collector: encrypted, or in clear only because the URL asks for it. */
function mailSecurity(smtpUrl: string | null) {
  if (!smtpUrl) return "";
  let c: ReturnType<typeof smtpConnection>;
  try {
    c = smtpConnection(smtpUrl);
  } catch {
    return html`<strong>The mail server address cannot be read: no email is sent.</strong>`;
  }
  if (c.plainAllowed) {
    return html`<strong class="warn" id="mail-security">⚠ Email is sent without encryption (the address ends in <code>?tls=off</code>): only for a mail relay on this machine; anywhere else the password and alerts cross the network in clear.</strong>`;
  }
  return html`<span id="mail-security">✔ Email is sent only over an encrypted connection (${c.requireTLS ? "STARTTLS is required" : "smtps://"}); a mail server that offers no encryption gets neither the password nor the alert.</span>`;
}
