// The evidence pack page's view: the download form, the attestations in force or not, and the record form.
import { ATTESTATION_KINDS, ATTESTATION_TEXT } from "../../evidence/attestation-kinds.js";
import type { FormResult, FormValues } from "../../evidence/attestation-form.js";
import { type AttestationRow, attestationState } from "../../evidence/attestation-store.js";
import type { CouncilRow } from "../../stores/council-store.js";
import { ROLE_LABELS } from "../access.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";

export interface EvidencePage {
  council: CouncilRow;
  rows: AttestationRow[];
  now: Date;
  /** May record and withdraw attestations. */
  manage: boolean;
  /** The period the download form offers first. */
  range: { from: string; to: string };
  csrf: string;
  form: FormResult;
  note: Html;
  /** This collector's own command to check a pack. */
  verifyCommand: string;
}

export function evidenceView(p: EvidencePage): Html {
  const { council, rows, now, manage, range, csrf, form, note } = p;
  return html`${note}
<section aria-labelledby="pack-h"><h2 id="pack-h">Download the evidence pack</h2>
<p>One signed PDF for ${council.name}: the five Cyber Essentials v3.3 areas with each device's status over the period, the attestations below, the council's policy clauses, and an appendix for the AGAR Assertion 10 statement. The CSV has the same rows.</p>
<form method="get" action="${BASE}/councils/${council.id}/evidence.pdf" class="filters">
  <label for="from">From</label> <input id="from" name="from" type="date" value="${range.from}">
  <label for="to">To</label> <input id="to" name="to" type="date" value="${range.to}">
  <button type="submit" id="download-pdf">Download the PDF</button>
  <button type="submit" formaction="${BASE}/councils/${council.id}/evidence.csv" id="download-csv">Download the CSV</button>
</form>
<p class="muted">To check a pack later, the IT provider runs <code class="command">${p.verifyCommand}</code>: it names who signed it and when, and refuses a file with any byte changed.</p>
</section>
<section aria-labelledby="att-h"><h2 id="att-h">Attestations</h2>
<p>What a laptop cannot show. The council manager or the IT provider checks it, says what evidence they saw, and it lapses after a year at most.</p>
<div class="scroll"><table id="attestations" class="stack"><caption>Attestations of ${council.name}</caption>
<thead><tr><th scope="col">Attestation</th><th scope="col">State</th><th scope="col">Checked</th><th scope="col">Evidence</th><th scope="col">Recorded by</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${rows.length === 0 ? html`<tr><td colspan="6">None recorded yet.</td></tr>` : ""}${rows.map((a) => {
    const s = attestationState(a, now);
    const extra =
      a.kind === "it-policy"
        ? html`<br><small>Adopted ${a.policy_adopted_on ?? "?"}; reviewed ${a.policy_reviewed_on ?? "not yet"}; minute ${a.minute_ref ?? "?"}</small>`
        : "";
    return html`<tr class="att-${s}"><th scope="row">${ATTESTATION_TEXT[a.kind]?.title ?? a.kind}</th><td data-label="State">${stateText(s, a.expires_at, a.withdrawn_at)}</td><td data-label="Checked">${a.checked_on}</td>
<td data-label="Evidence">${a.evidence}${extra}</td><td data-label="Recorded by">${a.recorded_by}<br><small>${ROLE_LABELS[a.recorded_role as keyof typeof ROLE_LABELS] ?? a.recorded_role}, ${when(a.recorded_at)}</small></td>
<td>${manage && s === "in-force" ? html`<form method="post" action="${BASE}/attestations/${a.id}/withdraw" class="inline">${csrfField(csrf)}<button type="submit">Withdraw</button></form>` : ""}</td></tr>`;
  })}</tbody></table></div>
<details><summary>What each attestation means</summary><dl class="facts">${ATTESTATION_KINDS.map((k) => html`<dt>${ATTESTATION_TEXT[k].title}</dt><dd>${ATTESTATION_TEXT[k].statement} <small>Evidence: ${ATTESTATION_TEXT[k].evidenceHint}.</small></dd>`)}</dl></details>
${manage ? html`<h2 id="record-h">Record an attestation</h2>${recordForm(council.id, csrf, form)}` : html`<p class="muted">Your role can read attestations; the council manager or the IT provider records them.</p>`}
</section>`;
}

function stateText(s: ReturnType<typeof attestationState>, expires: string, withdrawn: string | null): Html {
  return s === "in-force"
    ? html`✔ in force until ${expires.slice(0, 10)}`
    : s === "expired"
      ? html`✘ expired ${expires.slice(0, 10)}`
      : html`✘ withdrawn ${when(withdrawn)}`;
}

function field(name: keyof FormValues, label: string, f: FormResult, input: Html, hint?: string): Html {
  const error = f.errors[name];
  return html`<label for="${name}">${label}</label>${hint ? html`<small id="${name}-hint">${hint}</small>` : ""}
${error ? html`<p class="field-error" id="${name}-error">✘ ${error}</p>` : ""}${input}`;
}

function described(name: keyof FormValues, f: FormResult, hint: boolean): Html {
  const ids = [hint ? `${name}-hint` : "", f.errors[name] ? `${name}-error` : ""].filter(Boolean).join(" ");
  return html`${ids ? html` aria-describedby="${ids}"` : ""}${f.errors[name] ? html` aria-invalid="true"` : ""}`;
}

function recordForm(councilId: string, csrf: string, f: FormResult): Html {
  const d = (name: keyof FormValues, hint = false) => described(name, f, hint);
  const count = Object.keys(f.errors).length;
  return html`<form method="post" action="${BASE}/councils/${councilId}/attestations" class="card" id="record" novalidate>${csrfField(csrf)}
${count ? html`<p class="flash flash-error" role="alert">✘ The attestation was not recorded: ${count === 1 ? "one answer needs" : `${count} answers need`} changing (marked below).</p>` : ""}
${field("kind", "What are you attesting?", f, html`<select id="kind" name="kind"${d("kind")}><option value="">Choose…</option>${ATTESTATION_KINDS.map((k) => html`<option value="${k}"${f.values.kind === k ? html` selected` : ""}>${ATTESTATION_TEXT[k].title}</option>`)}</select>`)}
${field("checked_on", "The day you checked", f, html`<input id="checked_on" name="checked_on" type="date" value="${f.values.checked_on}"${d("checked_on")}>`)}
${field("evidence", "What evidence you saw", f, html`<textarea id="evidence" name="evidence" rows="3" maxlength="1000"${d("evidence", true)}>${f.values.evidence}</textarea>`, "e.g. the Microsoft 365 MFA report of 2 December, or the minutes of the meeting")}
${field("expires", "Lapses on (at most a year after the check)", f, html`<input id="expires" name="expires" type="date" value="${f.values.expires}"${d("expires")}>`)}
<fieldset><legend>For the IT policy only</legend>
${field("adopted_on", "Adopted by the council on", f, html`<input id="adopted_on" name="adopted_on" type="date" value="${f.values.adopted_on}"${d("adopted_on")}>`)}
${field("reviewed_on", "Last reviewed on", f, html`<input id="reviewed_on" name="reviewed_on" type="date" value="${f.values.reviewed_on}"${d("reviewed_on")}>`)}
${field("minute_ref", "Minute reference", f, html`<input id="minute_ref" name="minute_ref" maxlength="100" value="${f.values.minute_ref}"${d("minute_ref", true)}>`, "e.g. FC 26/109 item 9")}
</fieldset>
<button type="submit">Record the attestation</button>
</form>`;
}
