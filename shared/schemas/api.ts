// Request and response bodies of the collector's /v1 API, shared by the server and the agent.
import { z } from "zod";
import { Base64Url } from "./common.js";
import { Envelope } from "./envelope.js";
import { DeviceId, Inventory, OsInfo } from "./report.js";

/** Most envelopes one POST /v1/reports may carry; a larger spool is sent in several batches. */
export const MAX_BATCH_ENVELOPES = 100;
/** Largest request body the collector reads (bytes); larger bodies get 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** An enrolment token as printed by `ward-server token create`: "wet_" + 43 base64url characters (256 bits). */
export const EnrollToken = z.string().regex(/^wet_[A-Za-z0-9_-]{43}$/, "must be a Ward enrolment token (wet_…)");

export const EnrollRequest = z.object({
  token: EnrollToken,
  /** The device's raw Ed25519 public key, base64url (32 bytes, 43 characters). */
  publicKey: Base64Url.length(43, "must be a raw Ed25519 public key: 43 base64url characters"),
  os: OsInfo,
  inventory: Inventory,
  agentVersion: z.string().min(1).max(50),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  deviceId: DeviceId,
  councilId: z.string().min(1).max(100),
  councilName: z.string().min(1).max(200),
  /** The collector's raw Ed25519 public key: the agent pins it and checks every policy with it. */
  collectorPublicKey: Base64Url.length(43),
  /** The council's current Policy, sealed by the collector's key. */
  policy: Envelope,
  /** True when this hardware was enrolled before and now has a new key (recorded as an integrity event). */
  reenrolled: z.boolean(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

export const ReportsRequest = z.object({
  deviceId: DeviceId,
  envelopes: z.array(Envelope).min(1).max(MAX_BATCH_ENVELOPES),
});
export type ReportsRequest = z.infer<typeof ReportsRequest>;

export const ReportOutcome = z.enum(["accepted", "duplicate", "rejected"]);
export type ReportOutcome = z.infer<typeof ReportOutcome>;

export const ReportResult = z.object({
  seq: z.number().int().min(1),
  /** Hex SHA-256 of the envelope's payload (payloadHash). */
  hash: z.string(),
  outcome: ReportOutcome,
  /** Why it was rejected (fork, stale), or a note on an accepted one (gap). */
  reason: z.string().optional(),
});
export type ReportResult = z.infer<typeof ReportResult>;

/** One result per envelope, in the order the envelopes were sent. */
export const ReportsResponse = z.object({
  results: z.array(ReportResult),
  /** The council's current policy version: an agent holding an older one fetches the new signed policy at once. */
  policyVersion: z.number().int().min(1).optional(),
});
export type ReportsResponse = z.infer<typeof ReportsResponse>;

export const PolicyResponse = z.object({ policy: Envelope });
export type PolicyResponse = z.infer<typeof PolicyResponse>;

/** Every error answer: a stable code and a message saying what went wrong and what to do. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
