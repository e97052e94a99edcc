// The council's policy as the agent evaluates it: thresholds live here, never as constants in a check.
import { z } from "zod";
import { HexId4, IsoDateTime } from "./common.js";
import { ControlId } from "./control.js";

export const ApprovedUsbDevice = z.object({
  vendorId: HexId4,
  productId: HexId4,
  /** null approves every device of that vendor and product (for sticks that report no serial). */
  serial: z.string().max(256).nullable(),
  label: z.string().min(1).max(200),
  approvedBy: z.string().min(1).max(200),
  approvedAt: IsoDateTime,
});
export type ApprovedUsbDevice = z.infer<typeof ApprovedUsbDevice>;

/** A vendor end-of-support row, sent by the collector to correct an agent's built-in table. */
export const EndOfSupportOverride = z.object({
  platform: z.enum(["windows", "macos", "linux"]),
  /** Matches the OS family the agent reports, e.g. "windows-11-pro", "ubuntu", "macos". */
  product: z.string().min(1).max(100),
  /** Release, e.g. "23H2", "22.04", "14". */
  release: z.string().min(1).max(50),
  endOfSupport: z.iso.date(),
  source: z.string().min(1).max(500),
});
export type EndOfSupportOverride = z.infer<typeof EndOfSupportOverride>;

export const Policy = z.object({
  version: z.number().int().min(1).default(1),
  /**
   * The council this policy belongs to. The collector sets it when it signs (never stored in the council's policy
   * itself); an agent refuses a signed policy that names another council than the one it enrolled with. Optional
   * only so a policy signed by a collector older than this field still parses (see agent/daemon/policy-store.ts).
   */
  councilId: z.string().min(1).max(100).optional(),
  issuedAt: IsoDateTime.default("1970-01-01T00:00:00.000Z"),
  screenLockMaxMinutes: z.number().int().min(1).max(1440).default(30),
  requireDiskEncryption: z.boolean().default(true),
  allowHotspot: z.boolean().default(false),
  approvedUsbDevices: z.array(ApprovedUsbDevice).max(5000).default([]),
  patch: z
    .object({
      /** Cyber Essentials: critical and high updates within 14 days of release. */
      maxPendingDays: z.number().int().min(0).max(365).default(14),
      endOfSupport: z.array(EndOfSupportOverride).max(1000).default([]),
    })
    .prefault({}),
  malware: z
    .object({
      /** Virus signatures older than this many days fail (Cyber Essentials asks for daily updates). */
      maxSignatureAgeDays: z.number().int().min(0).max(365).default(7),
      /** A completed scan within this many days; null when the council counts real-time scanning alone. */
      maxScanAgeDays: z.number().int().min(0).max(365).nullable().default(7),
      /** "clamav": Linux laptops need ClamAV; "exempt": the council judges them by something else (recorded). */
      linux: z.enum(["clamav", "exempt"]).default("clamav"),
    })
    .prefault({}),
  /** The clause of the council's own IT policy each control enforces, e.g. "Wellington IT Policy 4.2.4". */
  clauses: z.partialRecord(ControlId, z.string().min(1).max(200)).default({}),
  /** Minutes between full check cycles. */
  checkIntervalMinutes: z.number().int().min(1).max(1440).default(15),
});
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

/** The policy every agent uses until its collector sends one. */
export const DEFAULT_POLICY: Policy = Object.freeze(Policy.parse({})) as Policy;
