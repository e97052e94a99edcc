// The one-tap approval page's view: the stick and its scope in words, the confirm form, or why the link cannot be used.
import type { ApprovedUsbDevice } from "../../../shared/schemas/policy.js";
import type { ApproveClaim } from "../../services/approve-link.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";

export type ApproveLinkState =
  | { kind: "invalid" }
  | { kind: "other-council"; who: string }
  | { kind: "viewer"; claim: ApproveClaim; councilName: string }
  | { kind: "expired"; claim: ApproveClaim; councilName: string }
  | { kind: "revoked"; claim: ApproveClaim; councilName: string; at: string; actor: string }
  | { kind: "already"; claim: ApproveClaim; approval: ApprovedUsbDevice; hostname: string | null }
  | {
      kind: "confirm";
      token: string;
      claim: ApproveClaim;
      councilName: string;
      hostname: string | null;
      intervalMinutes: number;
      fromDevice: boolean;
    };

/** The page's title, status code and body for each state. */
export function approveLinkView(s: ApproveLinkState, csrf: string): { title: string; status: number; body: Html } {
  switch (s.kind) {
    case "invalid":
      return refusal(
        "This approval link cannot be used",
        400,
        html`This link is incomplete or has been changed, so Ward cannot tell which stick it is for. Open the link from the email again (all of it), or approve the stick from the <a href="${BASE}/">dashboard</a>: USB approvals.`,
      );
    case "other-council":
      return refusal(
        "This stick is not your council's",
        403,
        html`This approval link is for a laptop of a council you do not manage. You are signed in as ${s.who}. Only that council's manager or its IT provider can approve it; if it reached you by mistake, tell your IT provider.`,
      );
    case "viewer":
      return refusal(
        "Only the council's manager can approve sticks",
        403,
        html`You can see ${s.councilName}'s laptops, but your role cannot approve USB sticks. Forward the email to your council's manager (the DSFM), who can.`,
      );
    case "expired":
      return refusal(
        "This approval link has expired",
        410,
        html`Links in Ward's emails work for 7 days; this one ended ${when(new Date(s.claim.e * 1000).toISOString())}. Nothing was changed. If the stick should still be allowed, approve it on <a href="${BASE}/councils/${s.claim.c}/approvals">${s.councilName}'s USB approvals page</a>.`,
      );
    case "revoked":
      return refusal(
        "This stick's approval was withdrawn",
        409,
        html`${scopeWords(s.claim)}: its approval was withdrawn on ${when(s.at)} by ${s.actor}, after this link was sent, so this link can no longer approve it. Nothing was changed. If the stick should be allowed again, approve it on <a href="${BASE}/councils/${s.claim.c}/approvals">${s.councilName}'s USB approvals page</a>, where it shows as revoked and why.`,
      );
    case "already":
      return {
        title: "Already approved",
        status: 200,
        body: html`<p class="flash flash-ok" role="status">✔ ${scopeWords(s.claim)} is already on the approved list: approved by ${s.approval.approvedBy}, ${when(s.approval.approvedAt)}. Nothing more to do.</p>
<p><a href="${BASE}/devices/${s.claim.d}">Open ${s.hostname ?? "the laptop"}'s page</a></p>`,
      };
    case "confirm":
      return { title: "Approve a USB stick", status: 200, body: confirmForm(s, csrf) };
  }
}

function refusal(title: string, status: number, words: Html): { title: string; status: number; body: Html } {
  return { title, status, body: html`<p class="flash flash-error" role="alert">✘ ${words}</p>` };
}

/** "This stick: SanDisk Ultra Fit, serial 4C53…" or "Every SanDisk Ultra Fit". */
function scopeWords(c: ApproveClaim): Html {
  return c.s ? html`This stick (${c.n}, serial ${c.s})` : html`Every ${c.n}`;
}

function confirmForm(s: Extract<ApproveLinkState, { kind: "confirm" }>, csrf: string): Html {
  const c = s.claim;
  const name = c.n || "USB storage";
  const where = s.hostname
    ? html`seen on the laptop <a href="${BASE}/devices/${c.d}">${s.hostname}</a>`
    : html`seen on one of the council's laptops`;
  const scope = c.s
    ? html`<p class="scope"><strong>This stick:</strong> ${name}, serial <code>${c.s}</code> (USB id <code>${c.v}:${c.p}</code>), ${where}.</p>`
    : html`<p class="scope"><strong>Every ${name}</strong> (USB id <code>${c.v}:${c.p}</code>), ${where}.</p>
<p class="warn">⚠ This model reports no serial number, so Ward cannot tell one of these sticks from another: approving it approves <strong>every ${name}</strong>, whoever plugs it in.</p>`;
  return html`<form method="post" action="${BASE}/approve" class="card approve-link">${csrfField(csrf)}
<input type="hidden" name="t" value="${s.token}">
${scope}
<p>Approving adds it to ${s.councilName}'s approved list. Each laptop picks up the change with its next report (laptops check every ${s.intervalMinutes} minutes while switched on), and that report then shows it as allowed.</p>
${c.s ? "" : html`<label class="check"><input type="checkbox" name="everyOfModel" value="1" required> Yes, approve every ${name}</label>`}
<label for="reason">Why (kept in the audit log)</label>
<input id="reason" name="reason" required maxlength="500" value="${s.fromDevice ? "Approved from the laptop's page" : "Approved from Ward's alert email"}">
<button type="submit">${c.s ? "Approve this stick" : html`Approve every ${name}`}</button>
<p><a href="${BASE}/devices/${c.d}">Not now</a> · <small>This link works until ${when(new Date(c.e * 1000).toISOString())}.</small></p>
</form>`;
}
