// The API's response shapes (zod): the handlers' output is parsed with them, and the OpenAPI document is made from them.
import { z } from "zod";
import { CheckResult } from "../../shared/schemas/check-result.js";
import { CheckStatus, ControlId } from "../../shared/schemas/control.js";
import { ApprovedUsbDevice } from "../../shared/schemas/policy.js";

const Iso = z.string().describe("ISO 8601 UTC time");

export const CouncilId = z.object({
  councilId: z.string().min(1).max(100).describe("A council id (cou_…), from GET /api/v1/councils."),
});
export const DeviceId = z.object({ deviceId: z.string().min(1).max(100).describe("A device id (dev_…).") });
export const WaiverId = z.object({ waiverId: z.string().min(1).max(100).describe("A waiver id (wvr_…).") });

export const Council = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: Iso,
  policyVersion: z.number().int(),
});

export const ControlState = z.object({
  status: CheckStatus,
  /** fail with a waiver in force. */
  waived: z.boolean().describe("true when the control fails and a waiver in force covers it"),
  since: Iso,
  collectedAt: Iso,
});

export const Device = z.object({
  id: z.string(),
  councilId: z.string(),
  hostname: z.string().describe("As the device reported it: untrusted text, escape it wherever you show it."),
  serial: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  os: z.object({ platform: z.string(), name: z.string(), version: z.string(), build: z.string() }),
  agentVersion: z.string(),
  enrolledAt: Iso,
  lastSeenAt: Iso.nullable(),
  controls: z.partialRecord(ControlId, ControlState),
});

export const DeviceDetail = Device.extend({
  results: z
    .array(CheckResult.extend({ since: Iso, collectedAt: Iso }))
    .describe("The current result of each control."),
});

export const StatusChange = z.object({
  id: z.string(),
  control: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  summary: z.string().nullable(),
  collectedAt: Iso,
  receivedAt: Iso,
});

export const Alert = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  kind: z.string().describe("alert, resolved or digest"),
  rule: z.string(),
  deviceId: z.string().nullable(),
  destination: z.string(),
  status: z.string().describe("pending, sent or failed"),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Iso,
  sentAt: Iso.nullable(),
});

export const IntegrityEvent = z.object({
  id: z.string(),
  deviceId: z.string(),
  kind: z.string().describe("gap, fork, spool-drop, re-enrol or heartbeat-mismatch"),
  seq: z.number().int().nullable(),
  detail: z.unknown(),
  createdAt: Iso,
  acknowledgedAt: Iso.nullable(),
});

export const Waiver = z.object({
  id: z.string(),
  councilId: z.string(),
  deviceId: z.string(),
  control: z.string(),
  reason: z.string(),
  approvedBy: z.string(),
  createdAt: Iso,
  expiresAt: Iso,
  revokedAt: Iso.nullable(),
  revokedBy: z.string().nullable(),
  active: z.boolean(),
});

export const Approvals = z.object({ policyVersion: z.number().int(), approvedUsbDevices: z.array(ApprovedUsbDevice) });

export const NewWaiver = z.strictObject({
  control: ControlId,
  reason: z.string().trim().min(1).max(500).describe("Why the council accepts this failure (goes in the audit log)."),
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe("Last day the waiver holds (UTC), at most a year ahead: waivers always end."),
});

const Hex4 = z.string().regex(/^[0-9a-fA-F]{4}$/);
export const UsbIdentityBody = z.strictObject({
  vendorId: Hex4,
  productId: Hex4,
  serial: z
    .string()
    .trim()
    .min(1, "a serial is text; send null (not a blank) to approve every device of that vendor and product")
    .max(256)
    .nullable()
    .describe("null approves every device of that vendor and product; a blank serial is refused"),
  reason: z.string().trim().min(1).max(500).describe("Why (goes in the audit log)."),
});
export const NewApproval = UsbIdentityBody.extend({ label: z.string().max(200).default("USB storage") });

export const ApprovalChange = z.object({ policyVersion: z.number().int(), approval: ApprovedUsbDevice });

export const Me = z.object({
  tokenId: z.string(),
  name: z.string(),
  scope: z.enum(["provider", "council"]),
  councilId: z.string().nullable(),
  readOnly: z.boolean(),
  expiresAt: Iso,
});

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().describe("What went wrong and what to do, in plain words."),
  }),
});
