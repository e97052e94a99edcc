// A council's alerts page view: what was sent, the next email, the digest preview, then the settings form in words.
import { controlTitle } from "../../../shared/controls/index.js";
import type { OutboxRow } from "../../alerts/outbox-store.js";
import { type AlertSettings, type alertLinkBase, type redactSettings, RuleId } from "../../alerts/settings.js";
import { smtpConnection } from "../../alerts/transport-email.js";
import type { CouncilRow } from "../../stores/council-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField } from "../layout.js";
import { nextEmail, sentAlerts } from "./alerts-sent.js";

export interface AlertsPage {
  council: CouncilRow;
  /** The settings as saved. */
  saved: AlertSettings;
  /** What the form shows: the saved settings, or what was typed when it could not be saved. */
  s: AlertSettings;
  /** The saved settings with secrets taken out (for the provider's mail server line). */
  shown: ReturnType<typeof redactSettings>;
  recent: OutboxRow[];
  manage: boolean;
  provider: boolean;
  typed?: { form: AlertSettings; problem: string; raw: { dsfm: string; it: string } } | undefined;
  /** This week's digest preview, unless the digest is switched off. */
  digest: Html | undefined;
  /** The command that sets the mail server where the collector runs. */
  setCommand: string;
  /** Where links in alerts start: the council's public URL, else the collector's; null when neither is set. */
  links: ReturnType<typeof alertLinkBase>;
  /** The settings were just saved (?done=1). */
  done: boolean;
  csrf: string;
}

/** Each rule in words: the controls by title, the others by what they watch. */
const RULE_WORDS: Record<string, string> = {
  chain: "Tampering, cloning or a take-over (reports missing or conflicting, a new key)",
  silence: "A laptop stops reporting",
  recovery: 'A problem is fixed (a short "resolved" note)',
  digest: "The weekly summary",
};
const ruleWords = (r: string) => RULE_WORDS[r] ?? controlTitle(r);

export function alertsView(p: AlertsPage): Html {
  const { council, saved, s, shown, recent, manage, provider, typed } = p;
  const dis = manage ? "" : html` disabled`;
  return html`${p.done ? html`<p class="flash flash-ok" role="status">✔ Alert settings saved.</p>` : ""}${typed ? html`<p class="flash flash-error" role="alert" id="settings-error">Nothing was saved: ${typed.problem} <a href="#settings">Change it below</a>.</p>` : ""}
<p><a href="#settings">Alert settings</a> · <a href="#next-email">The next email</a> · <a href="#digest">This week's digest</a></p>
<h2 id="sent">What Ward sent</h2>
${sentAlerts(recent, provider)}
<h2 id="next-email">The next email</h2>
${nextEmail(recent)}
<h2 id="digest">This week's digest (preview)</h2>
${saved.disabledRules.includes("digest") ? html`<p>The weekly summary is switched off below.</p>` : p.digest}
<h2 id="settings">Alert settings</h2>
<form method="post" action="${BASE}/councils/${council.id}/alerts" class="card">${csrfField(p.csrf)}
  <label><input type="checkbox" name="enabled" value="1"${s.enabled ? html` checked` : ""}${dis}> Alerts on</label>
  <label for="dsfm">DSFM recipients (plain English), one per line</label><textarea id="dsfm" name="dsfm" rows="3"${dis}>${typed?.raw.dsfm ?? s.recipients.dsfm.join("\n")}</textarea>
  <label for="it">IT provider recipients (with technical detail)</label><textarea id="it" name="it" rows="3"${dis}>${typed?.raw.it ?? s.recipients.it.join("\n")}</textarea>
  <fieldset><legend>Rules switched on</legend>${RuleId.options.map((r) => html`<label class="check"><input type="checkbox" name="rule" value="${r}"${s.disabledRules.includes(r) ? "" : html` checked`}${dis}> ${ruleWords(r)}</label>`)}</fieldset>
  <label for="silenceHours">Report a silent device after (hours)</label><input id="silenceHours" name="silenceHours" type="number" min="1" max="2160" value="${s.silenceHours}"${dis}>
  <label for="confirmReports">Failed reports in a row before an alert</label><input id="confirmReports" name="confirmReports" type="number" min="1" max="10" value="${s.confirmReports}"${dis}>
  <label for="screenLockGraceHours">Screen lock grace (hours)</label><input id="screenLockGraceHours" name="screenLockGraceHours" type="number" min="0" max="720" value="${s.screenLockGraceHours}"${dis}>
  ${manage ? html`<button type="submit">Save alert settings</button>` : ""}
</form>
${linksLine(p.links, provider)}
${
  provider
    ? html`<p>Mail server: <code>${shown.smtpUrl ?? "not set"}</code>; sender: ${shown.from ?? "not set"}; webhooks: ${shown.webhooks.map((w) => html`<code>${w.name}</code> (${w.format}, ${w.url}) `)}${shown.webhooks.length ? "" : "none"}.
${mailSecurity(saved.smtpUrl)}
These are set where the collector runs: <code class="command">${p.setCommand}</code></p>`
    : html`<p>${saved.smtpUrl && saved.from ? html`Alerts are emailed from ${s.from}.` : "No mail server is set up for this council yet, so alerts wait here until your IT provider sets one up."} ${mailSecurity(saved.smtpUrl)}</p>`
}`;
}

/** In words, where the links in alerts (device page, one-tap approval) lead, and whose setting that is. */
function linksLine(links: AlertsPage["links"], provider: boolean): Html {
  if (!links)
    return html`<p id="alert-links">Alerts carry no links to the dashboard: ${provider ? html`no public URL is set, neither for this council (<code>alerts set --public-url</code>) nor for the collector (<code>--public-url</code> or <code>WARD_PUBLIC_URL</code>).` : "your IT provider has not yet set the address people reach Ward at. Ask them to set it so you can approve a USB stick from the alert."}</p>`;
  const whose =
    links.from === "council"
      ? "this council's own address for alert links"
      : provider
        ? html`the collector's public URL (<code>--public-url</code> / <code>WARD_PUBLIC_URL</code>), as this council has none of its own (<code>alerts set --public-url</code>)`
        : "the address your IT provider set for Ward";
  return html`<p id="alert-links">Links in alerts (the laptop's page, one-tap USB approval) start with <strong>${links.url}</strong>: ${whose}.</p>`;
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
