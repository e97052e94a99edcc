// The policy form (council editor and templates share it): every field with its hint and, when the schema refused a
// value, the reason beside it; and the preview of a change in words (old → new).
import { controlTitle } from "../../../shared/controls/index.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import type { PolicyChange } from "../../services/policy-changes.js";
import { clauseField, EOS_FIELD, type FormValues } from "../../services/policy-form.js";
import { type Html, html } from "../html.js";

export interface PolicyFormState {
  values: FormValues;
  errors: Record<string, string>;
}

const fid = (name: string) => `f-${name.replace(/\./g, "-")}`;

function field(s: PolicyFormState, name: string, label: string, input: (attrs: Html) => Html, hint?: string): Html {
  const id = fid(name);
  const error = s.errors[name];
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const attrs = html` id="${id}" name="${name}"${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}`;
  return html`<div class="field"><label for="${id}">${label}</label>${hint ? html`<small id="${id}-hint">${hint}</small>` : ""}
${error ? html`<p class="field-error" id="${id}-error">✘ ${error}</p>` : ""}${input(attrs)}</div>`;
}

function numberField(s: PolicyFormState, name: string, label: string, hint?: string): Html {
  return field(
    s,
    name,
    label,
    (a) => html`<input${a} type="text" inputmode="numeric" value="${s.values[name] ?? ""}">`,
    hint,
  );
}

function checkField(s: PolicyFormState, name: string, label: string): Html {
  const error = s.errors[name];
  return html`<div class="field"><label class="check"><input type="checkbox" id="${fid(name)}" name="${name}"${s.values[name] ? html` checked` : ""}> ${label}</label>
${error ? html`<p class="field-error">✘ ${error}</p>` : ""}</div>`;
}

/** The fields inside a <form> (the caller adds the form, CSRF field and buttons). */
export function policyFields(s: PolicyFormState): Html {
  const linux = s.values["malware.linux"] ?? "clamav";
  return html`<fieldset><legend>Laptops</legend>
${numberField(s, "screenLockMaxMinutes", "Screen lock: the most minutes idle before it locks", "1 to 1440; most council policies say 30 or fewer")}
${checkField(s, "requireDiskEncryption", "Disk encryption is required (BitLocker, FileVault, LUKS)")}
${checkField(s, "allowHotspot", "Personal Wi-Fi hotspots are allowed")}
${numberField(s, "checkIntervalMinutes", "Check every … minutes", "1 to 1440; 15 is Ward's default")}
</fieldset>
<fieldset><legend>Updates and anti-virus</legend>
${numberField(s, "patch.maxPendingDays", "Security updates installed within … days of release", "0 to 365; Cyber Essentials asks for 14")}
${numberField(s, "malware.maxSignatureAgeDays", "Virus signatures at most … days old", "0 to 365; Cyber Essentials asks for daily updates")}
${numberField(s, "malware.maxScanAgeDays", "A full virus scan within … days", "0 to 365; leave blank if real-time scanning alone counts")}
${field(
  s,
  "malware.linux",
  "Linux laptops' anti-virus",
  (a) =>
    html`<select${a}><option value="clamav"${linux === "clamav" ? html` selected` : ""}>ClamAV required</option><option value="exempt"${linux === "exempt" ? html` selected` : ""}>Exempt: the council judges them by something else</option></select>`,
)}
${field(
  s,
  EOS_FIELD,
  "End-of-support dates that correct Ward's built-in table",
  (a) => html`<textarea${a} rows="3" spellcheck="false">${s.values[EOS_FIELD] ?? ""}</textarea>`,
  "One per line: platform (windows, macos or linux), product, release, end date, source. e.g. windows, windows-11-pro, 23H2, 2025-11-11, https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro",
)}
</fieldset>
<fieldset><legend>Clauses of the council's own IT policy</legend>
<small>What each control enforces, as the council's policy numbers it (e.g. “IT Policy 4.2.4”); shown in alerts and reports. Leave blank where there is none.</small>
${CONTROL_IDS.map((id) => field(s, clauseField(id), controlTitle(id), (a) => html`<input${a} type="text" maxlength="200" value="${s.values[clauseField(id)] ?? ""}">`))}
</fieldset>`;
}

/** The number of fields the schema refused, said at the top of the form. */
export function formErrorSummary(s: PolicyFormState, what: string): Html {
  const n = Object.keys(s.errors).length;
  if (n === 0) return html``;
  return html`<p class="flash flash-error" role="alert">✘ ${what}: ${n === 1 ? "one field needs" : `${n} fields need`} changing (marked below). Everything you typed is kept.</p>`;
}

export function changeList(changes: readonly PolicyChange[]): Html {
  if (changes.length === 0) return html`<p>No setting changes.</p>`;
  return html`<ul class="changes">${changes.map((c) => html`<li><strong>${c.what}</strong>: ${c.from} → <strong>${c.to}</strong></li>`)}</ul>`;
}
