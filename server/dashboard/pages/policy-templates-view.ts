// The policy templates page's view: each template with its councils to tick, the save form, and an Apply's outcome.
import type { PolicyTemplate, TemplateOutcome } from "../../services/council-policy.js";
import type { FormValues } from "../../services/policy-form.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import { formErrorSummary, policyFields } from "./policy-form-view.js";

export interface SaveForm {
  name: string;
  values: FormValues;
  errors: Record<string, string>;
}

export interface PolicyTemplatesPage {
  templates: PolicyTemplate[];
  councils: { id: string; name: string }[];
  csrf: string;
  form: SaveForm;
  notice?: Html | undefined;
  /** Shown under the notice: a template's preview before it is applied. */
  extra?: Html | undefined;
}

export function policyTemplatesView(p: PolicyTemplatesPage): Html {
  const { templates, councils, csrf, form, notice, extra } = p;
  const nameError = form.errors.name;
  return html`${notice ?? ""}${extra ?? ""}
${templates.length === 0 ? html`<p>No templates yet: save one below.</p>` : ""}
${templates.map(
  (t) => html`<form method="post" action="${BASE}/policy-templates/${t.id}/apply" class="card">${csrfField(csrf)}
<h2>${t.name}</h2><p class="muted">Saved by ${t.savedBy}, ${when(t.savedAt)}.</p>
<fieldset><legend>Apply to these councils</legend>${councils.map((c) => html`<label class="check"><input type="checkbox" name="council" value="${c.id}"> ${c.name}</label>`)}</fieldset>
<button type="submit" name="step" value="preview">Preview changes</button></form>`,
)}
<form method="post" action="${BASE}/policy-templates" class="card" novalidate>${csrfField(csrf)}
<h2>Save a template</h2>
${formErrorSummary(form, "The template was not saved")}
<div class="field"><label for="template-name">Template name</label><small id="template-name-hint">e.g. “Town councils 2026”; the same name again replaces that template.</small>
${nameError ? html`<p class="field-error" id="template-name-error">✘ ${nameError}</p>` : ""}<input id="template-name" name="name" type="text" maxlength="100" value="${form.name}" aria-describedby="template-name-hint${nameError ? " template-name-error" : ""}"${nameError ? html` aria-invalid="true"` : ""}></div>
${policyFields(form)}
<button type="submit">Save template</button></form>`;
}

/** What an Apply did, council by council. */
export function appliedNotice(template: PolicyTemplate, outcomes: readonly TemplateOutcome[]): Html {
  const lines = outcomes.map((o) =>
    "unchanged" in o
      ? html`<li>${o.council.name}: already matched, left as it is</li>`
      : html`<li>${o.council.name}: now version ${o.after.version}</li>`,
  );
  return html`<div class="flash flash-ok" role="status">✔ “${template.name}” applied. Laptops pick it up at their next check.<ul>${lines}</ul></div>`;
}
