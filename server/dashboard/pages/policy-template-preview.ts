// A template's preview before it is applied: what changes for each council in words, and what ties Apply to it
// (the template's fingerprint and each council's version as shown, so a later change is previewed again, not applied).
import { type PolicyTemplate, type TemplatePlan, templateFingerprint } from "../../services/council-policy.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField } from "../layout.js";
import { changeList } from "./policy-form-view.js";

type Body = Record<string, string | string[] | undefined>;

const baseField = (councilId: string) => `base-${councilId}`;

export function templatePreview(csrf: string, template: PolicyTemplate, plans: readonly TemplatePlan[]): Html {
  const problems = plans.filter((p) => "problem" in p).length;
  const n = plans.filter((p) => "changes" in p && p.changes.length > 0).length;
  const button = problems
    ? html`<p>Nothing can be applied while a council above cannot take this template: untick it below and preview again.</p>`
    : n
      ? html`<button type="submit" name="step" value="apply" id="apply-template">Apply: ${n === 1 ? "1 council changes" : `${n} councils change`}</button>`
      : html`<p>Every council ticked already has this policy: nothing to apply.</p>`;
  return html`<form method="post" action="${BASE}/policy-templates/${template.id}/apply" class="card preview">${csrfField(csrf)}
<input type="hidden" name="fingerprint" value="${templateFingerprint(template)}">
<h2>Applying “${template.name}”: what changes</h2>
${plans.map((p) => {
  if ("problem" in p)
    return html`<h3>${p.council.name}: cannot take this template</h3><p class="field-error">✘ ${p.council.name}: ${p.problem}.</p>
<input type="hidden" name="council" value="${p.council.id}">`;
  const v = p.current.version;
  return html`<h3>${p.council.name}: ${p.changes.length ? html`version ${v} → ${v + 1}` : "already matches (left as it is)"}</h3>${p.changes.length ? changeList(p.changes) : ""}
<input type="hidden" name="council" value="${p.council.id}"><input type="hidden" name="${baseField(p.council.id)}" value="${v}">`;
})}
${button}</form>`;
}

/** Why an Apply no longer matches its preview, in words (empty when it still does). */
export function staleReasons(body: Body, template: PolicyTemplate, plans: readonly TemplatePlan[]): string[] {
  const reasons: string[] = [];
  if (body.fingerprint !== templateFingerprint(template))
    reasons.push(`The template “${template.name}” was saved again after this preview, so its settings may differ.`);
  for (const p of plans) {
    if (!("current" in p)) continue;
    const shown = body[baseField(p.council.id)];
    if (typeof shown !== "string" || shown === "") reasons.push(`${p.council.name} was not in this preview.`);
    else if (Number(shown) !== p.current.version)
      reasons.push(`${p.council.name}'s policy changed after this preview (it is now version ${p.current.version}).`);
  }
  return reasons;
}
