// The USB approvals page's view: devices seen with their approval status (the shared rule), the approved list, history.
import { approvalFor } from "../../../shared/controls/usb-approval.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { AuditRow } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import type { UsbSeen } from "../queries/usb-seen.js";

export interface ApprovalsPage {
  councilId: string;
  policy: Policy;
  seen: UsbSeen[];
  history: AuditRow[];
  manage: boolean;
  csrf: string;
  /** Just approved or revoked: say which policy version laptops will get. */
  done: boolean;
}

export function approvalsView(p: ApprovalsPage): Html {
  return html`${p.done ? html`<p class="flash flash-ok" role="status">✔ Policy version ${p.policy.version} issued. Each laptop fetches it with its next report (laptops check every ${p.policy.checkIntervalMinutes} minutes when switched on) and checks again at once. Until that report arrives, a stick keeps the result the laptop last signed: Ward does not mark it passed for the laptop. Each laptop's page says when it has confirmed version ${p.policy.version}.</p>` : ""}
<h2>Seen on this council's laptops</h2>
<table><caption>USB storage devices seen</caption><thead><tr><th scope="col">Device</th><th scope="col">USB id and serial</th>
<th scope="col">Seen on</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${p.seen.length ? p.seen.map((s) => seenRow(p, s)) : html`<tr><td colspan="5">No USB storage device has been seen on this council's laptops yet.</td></tr>`}</tbody></table>
<h2>Approved devices (policy version ${p.policy.version})</h2>
<p>"Approved" here means the council's policy allows the stick. A laptop's own result changes only with its next report after it has fetched this policy version.</p>
${p.policy.approvedUsbDevices.length ? html`<ul>${p.policy.approvedUsbDevices.map((a) => approvedItem(p, a))}</ul>` : html`<p class="empty">No stick is approved yet.</p>`}
<h2>History</h2>
${p.history.length ? html`<ul>${p.history.map(historyItem)}</ul>` : html`<p class="empty">No stick has been approved or removed yet.</p>`}`;
}

/** One stick seen: approved by the same rule the laptops use (shared/controls/usb-approval.ts), else offered for approval. */
function seenRow(p: ApprovalsPage, s: UsbSeen): Html {
  const match = approvalFor(s, p.policy.approvedUsbDevices);
  const a = match.status === "approved" ? match.approval : undefined;
  const ids = s.vendorId && s.productId;
  const status = a
    ? html`<span class="s-pass">✔ Approved</span> by ${a.approvedBy}`
    : ids
      ? html`<span class="s-fail">✘ Not approved</span>`
      : html`<span class="s-unknown">? No USB id: cannot be approved</span>`;
  const action =
    p.manage && !a && ids
      ? html`<form method="post" action="${BASE}/councils/${p.councilId}/approvals" class="approve">${csrfField(p.csrf)}
<input type="hidden" name="vendorId" value="${s.vendorId}"><input type="hidden" name="productId" value="${s.productId}">
<input type="hidden" name="serial" value="${s.serial ?? ""}"><input type="hidden" name="label" value="${s.name.slice(0, 200)}">
${
  s.serial
    ? ""
    : html`<p class="warn">⚠ This stick has no serial number: approving it approves <strong>every ${s.name}</strong> (USB id <code>${s.vendorId}:${s.productId}</code>), anyone's.</p>
<label class="check"><input type="checkbox" name="everyOfModel" value="1" required> Approve every ${s.name}</label>`
}
<label>Why <input name="reason" required maxlength="500"></label> <button type="submit">${s.serial ? "Approve" : html`Approve every ${s.name}`}</button></form>`
      : "";
  return html`<tr class="usb-row"><td>${s.name}</td>
<td><code>${s.vendorId ?? "????"}:${s.productId ?? "????"}</code> ${s.serial ? html`serial <code>${s.serial}</code>` : "no serial"}</td>
<td>${s.seenOn.map((d, i) => html`${i ? ", " : ""}<a href="${BASE}/devices/${d.deviceId}">${d.hostname}</a>`)}<br><small>last ${when(s.lastSeen)}</small></td>
<td>${status}</td><td>${action}</td></tr>`;
}

function approvedItem(p: ApprovalsPage, a: Policy["approvedUsbDevices"][number]): Html {
  const revoke = p.manage
    ? html`<form method="post" action="${BASE}/councils/${p.councilId}/approvals/revoke" class="inline">${csrfField(p.csrf)}
<input type="hidden" name="vendorId" value="${a.vendorId}"><input type="hidden" name="productId" value="${a.productId}">
<input type="hidden" name="serial" value="${a.serial ?? ""}"><label>Why <input name="reason" required maxlength="500"></label>
<button type="submit">Revoke</button></form>`
    : "";
  return html`<li>${a.label} — <code>${a.vendorId}:${a.productId}</code> ${a.serial ? html`serial <code>${a.serial}</code>` : "any serial"};
approved by ${a.approvedBy}, ${when(a.approvedAt)}
${revoke}</li>`;
}

function historyItem(h: AuditRow): Html {
  const what = h.action === "usb.approve" ? "✔ approved" : "✘ revoked";
  return html`<li>${when(h.at)} — ${what} ${detail(h.detail_json, "label")} by ${h.actor}: ${detail(h.detail_json, "reason")}</li>`;
}

function detail(json: string, key: string): string {
  try {
    const v = (JSON.parse(json) as Record<string, unknown>)[key];
    return typeof v === "string" ? v : "";
  } catch {
    return "";
  }
}
