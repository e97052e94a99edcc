// A council's policy editor's view: the current version, the preview of what changes in words, and the whole form.
import type { PolicyChange } from "../../services/policy-changes.js";
import type { CouncilRow } from "../../stores/council-store.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import { changeList, formErrorSummary, type PolicyFormState, policyFields } from "./policy-form-view.js";

export interface CouncilPolicyView {
  state: PolicyFormState;
  notice?: Html;
  preview?: { changes: PolicyChange[]; fingerprint: string };
}

/** The page's body for a council whose stored policy is `current`. */
export function councilPolicyView(council: CouncilRow, current: Policy, csrf: string, v: CouncilPolicyView): Html {
  const usb = current.approvedUsbDevices.length;
  const action = `${BASE}/councils/${council.id}/policy`;
  const preview = v.preview
    ? html`<section class="card preview" aria-labelledby="preview-title"><h2 id="preview-title">What changes: version ${current.version} → ${current.version + 1}</h2>
${changeList(v.preview.changes)}
<p class="muted">Laptops pick the new version up at their next check, signed by this collector's key.</p></section>`
    : html``;
  return html`${v.notice ?? ""}
<p>Version <strong>${current.version}</strong>, issued ${when(current.issuedAt)}. ${usb === 1 ? "1 approved USB stick" : `${usb} approved USB sticks`} (kept on every change; managed on <a href="${BASE}/councils/${council.id}/approvals">USB approvals</a>).
<a href="${BASE}/policy-templates?from=${council.id}">Save this policy as a template</a>.</p>
${preview}
<form method="post" action="${action}" class="card" novalidate>${csrfField(csrf)}
<input type="hidden" name="baseVersion" value="${current.version}">
${v.preview ? html`<input type="hidden" name="previewed" value="${v.preview.fingerprint}">` : ""}
${formErrorSummary(v.state, "The policy was not saved")}
${policyFields(v.state)}
<button type="submit" name="step" value="preview">Preview changes</button>
${v.preview && v.preview.changes.length > 0 ? html` <button type="submit" name="step" value="save" id="save-policy">Save as version ${current.version + 1}</button>` : ""}
</form>`;
}
