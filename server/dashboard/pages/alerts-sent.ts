// The alerts page's reading part: each alert as it was (or will be) sent, the next email, and this week's digest,
// rendered by the same code the sender uses (renderEmail), so what the page shows is what arrives.
import type { Kysely } from "kysely";
import { readAlertContent } from "../../alerts/content.js";
import { buildDigest } from "../../alerts/digest.js";
import { type EmailBody, renderEmail } from "../../alerts/format-email.js";
import type { OutboxRow } from "../../alerts/outbox-store.js";
import type { AlertSettings } from "../../alerts/settings.js";
import type { Database } from "../../db/schema.js";
import type { CouncilRow } from "../../stores/council-store.js";
import { listDevices } from "../../stores/device-store.js";
import { type Html, html } from "../html.js";
import { when } from "../layout.js";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const NO_MAIL_SERVER = /no SMTP server or sender address/;

/** The email a row becomes when it is sent: its stored content through the sender's renderer. */
export function emailOf(row: OutboxRow): EmailBody | null {
  try {
    return renderEmail(readAlertContent(row.content_json), row.role, row.idempotency_key);
  } catch {
    return null;
  }
}

function whom(row: OutboxRow): string {
  const [channel, ...rest] = row.destination.split(":");
  const to = rest.join(":");
  const role = row.role === "dsfm" ? "the DSFM" : "the IT provider";
  return channel === "email" ? `${to} (${role})` : `the "${to}" webhook (${role})`;
}

/** Delivery in words; the mail server's own error only for the IT provider, who can act on it. */
function stateOf(row: OutboxRow, provider: boolean): Html {
  if (row.status === "sent") return html`<span class="s-pass">✔ Sent</span> ${when(row.sent_at)}`;
  const error = row.last_error ?? "";
  const why = NO_MAIL_SERVER.test(error)
    ? "no mail server is set up for this council yet (your IT provider sets it up)"
    : error
      ? "the mail server did not take it"
      : "";
  const detail = provider && error && !NO_MAIL_SERVER.test(error) ? html` <small>(${error})</small>` : "";
  if (row.status === "failed")
    return html`<span class="s-fail">✘ Not delivered</span> after ${row.attempts} tries${why ? html`: ${why}` : ""}${detail}`;
  return html`<span class="s-unknown">… Waiting to be sent</span>${why ? html`: ${why}` : ""}${row.attempts ? html` (${row.attempts} ${row.attempts === 1 ? "try" : "tries"} so far; Ward keeps trying)` : ""}${detail}`;
}

function emailBlock(email: EmailBody, open: boolean): Html {
  return html`<details class="email"${open ? html` open` : ""}><summary>Read the email as ${open ? "it will arrive" : "sent"}</summary>
<pre class="email-text">${email.text}</pre></details>`;
}

/** Recent alerts: subject as sent, to whom, when, the state in words, and the whole text one tap away. */
export function sentAlerts(rows: OutboxRow[], provider: boolean): Html {
  if (!rows.length) return html`<p>Ward has not sent any alert for this council yet.</p>`;
  return html`<ul class="alert-list">${rows.map((row) => {
    const email = emailOf(row);
    return html`<li class="card alert-item"><p class="alert-subject"><strong>${email?.subject ?? row.rule}</strong></p>
<p class="muted">To ${whom(row)} · written ${when(row.created_at)} · ${stateOf(row, provider)}</p>
${email && row.destination.startsWith("email:") ? emailBlock(email, false) : ""}</li>`;
  })}</ul>`;
}

/** The next email the sender will deliver (the oldest waiting), in full. */
export function nextEmail(rows: OutboxRow[]): Html {
  const waiting = rows
    .filter((r) => r.status === "pending" && r.destination.startsWith("email:"))
    .sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.created_at.localeCompare(b.created_at));
  const row = waiting[0];
  const email = row ? emailOf(row) : null;
  if (!row || !email) return html`<p>No email is waiting to be sent.</p>`;
  return html`<div class="card"><p><strong>Subject: ${email.subject}</strong></p><p class="muted">To ${whom(row)}</p>
<pre class="email-text">${email.text}</pre></div>`;
}

/** This week's digest as the DSFM would get it if it were sent now: built and rendered by the sender's code. */
export async function digestPreview(
  q: Kysely<Database>,
  council: CouncilRow,
  settings: AlertSettings,
  now: Date,
): Promise<Html> {
  const content = await buildDigest(q, council, await listDevices(q, council.id), settings, now);
  const email = renderEmail(content, "dsfm", "preview");
  const hour = String(settings.digestHour).padStart(2, "0");
  return html`<p>Sent every ${DAYS[settings.digestWeekday] ?? "Monday"} at ${hour}:00 UTC to the DSFM recipients. If it were sent now, it would read:</p>
<div class="card"><p><strong>Subject: ${email.subject}</strong></p><pre class="email-text">${email.text}</pre></div>`;
}
