// The printed report's words: the headline figure, changes without first-report noise, USB approvals by name.
import { auditedApprovalId } from "../../../shared/controls/usb-approval-id.js";
import type { Html } from "../html.js";
import { html } from "../html.js";
import { when } from "../layout.js";

const MET = new Set(["pass", "not_applicable", "waived"]);

/** "3 of 4 laptops met the policy on 3 December 2026": every result a pass, not applicable or waived. */
export function headline(devices: { results: Record<string, string> }[], now: Date): Html {
  const met = devices.filter((d) => {
    const statuses = Object.values(d.results);
    return statuses.length > 0 && statuses.every((s) => MET.has(s));
  });
  const waived = met.filter((d) => Object.values(d.results).includes("waived")).length;
  const day = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const laptops = devices.length === 1 ? "laptop" : "laptops";
  return html`<p class="headline" id="report-headline"><strong>${met.length} of ${devices.length} ${laptops} met the policy on ${day}</strong>${waived ? html` (${waived} of them through a waiver, listed below)` : ""}.
${devices.length - met.length ? html`The other ${devices.length - met.length} failed a check, or Ward could not tell or had no result yet: see the table.` : ""}</p>`;
}

interface Change {
  hostname: string;
  from_status: string | null;
}

/** A laptop's first results are not changes: they are counted in one line, and only real changes are listed. */
export function splitFirstReports<C extends Change>(changes: C[]): { changes: C[]; firstLaptops: number } {
  const first = new Set(changes.filter((c) => c.from_status === null).map((c) => c.hostname));
  return { changes: changes.filter((c) => c.from_status !== null), firstLaptops: first.size };
}

interface ApprovalRow {
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail_json: string;
}

/** "approved SanDisk Extreme SSD, serial 4C53…, for: the clerk's backup (by dsfm@…)" with the USB id in small print. */
export function approvalLine(a: ApprovalRow): Html {
  let detail: { label?: unknown; reason?: unknown; serial?: unknown } = {};
  try {
    detail = JSON.parse(a.detail_json) as typeof detail;
  } catch {
    // an unreadable detail leaves the USB id alone to name the stick
  }
  const { vendorId: vendor, productId: product, serial } = auditedApprovalId(a.target, detail);
  const name = typeof detail.label === "string" && detail.label ? detail.label : "A USB stick";
  const which =
    serial === null
      ? "every stick of this model (it has no serial number)"
      : /^\*+$/.test(serial)
        ? "this stick (its serial number is hidden)"
        : `serial ${serial}`;
  const reason = typeof detail.reason === "string" && detail.reason ? html`, because: ${detail.reason}` : "";
  return html`<li>${when(a.at)} ${a.action === "usb.approve" ? "approved" : "approval removed"}: <strong>${name}</strong>, ${which}${reason} (by ${a.actor}) <small>USB id ${vendor}:${product}</small></li>`;
}
