// The audit log in words: what each action means, and the device, council or person it was done to, by name.
// Every value is still device or user text: it goes through html`` (escaped, bidi and invisible characters shown).
import { controlTitle } from "../../shared/controls/index.js";
import { auditedApprovalId } from "../../shared/controls/usb-approval-id.js";
import { CONTROL_IDS, type ControlId } from "../../shared/schemas/control.js";
import { ROLE_LABELS } from "./access.js";
import type { AuditRow } from "./audit.js";
import type { AuditNames } from "./queries/audit-names.js";
import { type Html, html } from "./html.js";
import { BASE } from "./layout.js";
import { ROLES } from "./tables.js";

/** action → what the person did, read after their name ("alice@… approved a USB stick"). */
const DID: Record<string, string> = {
  "alerts.settings": "changed the alert settings",
  "api-token.create": "made an API token",
  "api-token.revoke": "revoked an API token",
  "asset.edit": "edited the asset details",
  "council.create": "added a council",
  "attestation.record": "recorded an attestation",
  "attestation.withdraw": "withdrew an attestation",
  "event.acknowledge": "acknowledged an integrity event",
  "evidence.download": "downloaded the evidence pack",
  "evidence.generate": "made the evidence pack",
  "export.csv": "exported the device list (CSV)",
  "login.failure": "failed to sign in",
  "login.locked": "was locked out after repeated failures",
  "login.success": "signed in",
  logout: "signed out",
  "mfa.setup": "set up their authenticator app",
  "password.change": "changed their password",
  "policy-template.save": "saved a policy template",
  "policy.update": "changed a council's policy",
  "reenrol.approved": "approved a laptop's new key (re-enrolment)",
  "reenrol.refused": "refused a laptop's new key (re-enrolment)",
  "report.view": "opened the compliance report",
  "sso.domain.allow": "allowed single sign-on for an email domain",
  "sso.domain.remove": "removed single sign-on for an email domain",
  "token.create": "made an enrolment token",
  "token.mobileconfig": "downloaded the macOS profile (with the token) for",
  "token.revoke": "revoked an enrolment token",
  "usb.approve": "approved a USB stick",
  "usb.revoke": "withdrew a USB stick's approval",
  "user.create": "created a user",
  "user.disable": "disabled a user",
  "user.enable": "enabled a user",
  "user.reset": "reset a user's password and MFA",
  "waiver.add": "waived a control",
  "waiver.revoke": "ended a waiver",
};

export function didWords(action: string): string {
  return DID[action] ?? action;
}

function parseDetail(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What the action was done to, by name: a device's hostname, a council's name, a person's email, a USB stick. */
export function targetWords(r: AuditRow, names: AuditNames): Html {
  const detail = parseDetail(r.detail_json);
  const t = r.target ?? "";
  const council = r.council_id ? names.councils.get(r.council_id) : undefined;
  const inCouncil =
    council && t !== r.council_id
      ? html`<br><small>council <a href="${BASE}/councils/${r.council_id}">${council}</a></small>`
      : "";
  let what: Html | string = "";
  if (t.startsWith("dev_")) {
    const host = names.devices.get(t);
    what = host ? html`laptop <a href="${BASE}/devices/${t}">${host}</a>` : html`a laptop no longer enrolled`;
  } else if (t.startsWith("cou_")) {
    const name = names.councils.get(t);
    what = name ? html`council <a href="${BASE}/councils/${t}">${name}</a>` : html`a council since removed`;
  } else if (r.action.startsWith("usb.")) {
    const { vendorId, productId, serial } = auditedApprovalId(t, detail);
    const label = typeof detail.label === "string" ? html`“${detail.label}” ` : "";
    what = html`USB stick ${label}(${vendorId}:${productId}, ${serial === null ? "any serial" : html`serial ${serial}`})`;
  } else if (r.action.startsWith("api-token.")) {
    what = typeof detail.name === "string" ? html`API token “${detail.name}”` : "an API token";
  } else if (r.action.startsWith("policy-template.")) {
    what = typeof detail.name === "string" ? html`policy template “${detail.name}”` : "a policy template";
  } else if (r.action.startsWith("token.")) {
    what = "an enrolment token";
  } else if (r.action.startsWith("attestation.")) {
    what = "an attestation";
  } else if (t.includes("@")) {
    what = html`user ${t}`;
  } else if (t) {
    what = t;
  }
  return html`${what}${inCouncil}`;
}

const IDS = new Set(["waiver", "event", "requestId", "formId", "label", "name", "serial"]);

function dateWords(v: unknown): string {
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(s) ? `${s.slice(0, 16).replace("T", " ")} UTC` : s;
}

function valueWords(key: string, v: unknown): string {
  if (key === "control" && (CONTROL_IDS as readonly string[]).includes(String(v))) return controlTitle(v as ControlId);
  if (key === "role" && (ROLES as readonly string[]).includes(String(v)))
    return ROLE_LABELS[v as (typeof ROLES)[number]];
  if (key === "disabledRules" && Array.isArray(v)) return v.length ? v.join(", ") : "none";
  if (Array.isArray(v)) return v.length ? v.map(String).join(", ") : "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (v === null || v === undefined) return "none";
  if (typeof v === "object")
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${valueWords(k, x)}`)
      .join("; ");
  return dateWords(v);
}

const KEY_WORDS: Record<string, string> = {
  control: "control",
  reason: "reason",
  expiresAt: "until",
  policyVersion: "policy version",
  role: "role",
  step: "at step",
  via: "via",
  kind: "kind",
  from: "from",
  to: "to",
  format: "format",
  devices: "devices",
  maxUses: "uses allowed",
  readOnly: "read-only",
  silenceHours: "silent after (hours)",
  disabledRules: "rules switched off",
  recipients: "recipients",
  enabled: "alerts on",
  sha256: "SHA-256",
  checkedOn: "checked on",
  minuteRef: "minute",
  version: "now version",
  template: "from template",
  changes: "changes",
};

/** The detail as "key: value" words (ids that the target already names are left out); escaped by html``. */
export function detailWords(json: string): Html {
  const detail = parseDetail(json);
  const parts = Object.entries(detail)
    .filter(([k, v]) => !IDS.has(k) && v !== undefined)
    .map(([k, v]) => html`<span class="detail">${KEY_WORDS[k] ?? k}: ${valueWords(k, v)}</span>`);
  return html`${parts.map((p, i) => html`${i ? "; " : ""}${p}`)}`;
}
