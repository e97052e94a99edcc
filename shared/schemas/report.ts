// The signed report a device sends each cycle: identity, chain position, OS, inventory and results.
import { z } from "zod";
import { DeviceText, IsoDateTime, Sha256Hex } from "./common.js";
import { CheckResult } from "./check-result.js";
import { OsPlatform } from "./control.js";

export const OsInfo = z.object({
  platform: OsPlatform,
  name: DeviceText(200),
  version: DeviceText(100),
  build: DeviceText(100),
});
export type OsInfo = z.infer<typeof OsInfo>;

export const Inventory = z.object({
  hostname: DeviceText(255),
  serial: DeviceText(200),
  model: DeviceText(200),
  manufacturer: DeviceText(200),
});
export type Inventory = z.infer<typeof Inventory>;

export const DeviceId = z.string().regex(/^dev_[A-Za-z0-9_-]{8,64}$/, "must be a Ward device id (dev_…)");

const ReportBase = z.object({
  deviceId: DeviceId,
  agentVersion: z.string().min(1).max(50),
  /** 1 for the first report of this device key, +1 for each after it. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** Hex SHA-256 of the previous signed payload; null only for seq 1. */
  prevHash: Sha256Hex.nullable(),
  collectedAt: IsoDateTime,
  os: OsInfo,
  inventory: Inventory,
  /** The version of the signed council policy this report was judged by (absent from agents before it was added). */
  policyVersion: z.number().int().min(1).optional(),
});

/** A full report: every control's result. `resultsHash` lets later heartbeats refer to it. */
export const FullReport = ReportBase.extend({
  kind: z.literal("full"),
  results: z.array(CheckResult).min(1).max(50),
  resultsHash: Sha256Hex,
});

/** Nothing changed since the full report whose results hash it names: small, for metered connections. */
export const HeartbeatReport = ReportBase.extend({
  kind: z.literal("heartbeat"),
  resultsHash: Sha256Hex,
});

/** The agent's spool overflowed and it dropped reports: the gap is explained, not hidden. */
export const SpoolDropReport = ReportBase.extend({
  kind: z.literal("spool-drop"),
  dropped: z.object({
    count: z.number().int().min(1),
    firstSeq: z.number().int().min(1),
    lastSeq: z.number().int().min(1),
    reason: z.string().max(500),
  }),
});

export const Report = z
  .discriminatedUnion("kind", [FullReport, HeartbeatReport, SpoolDropReport])
  .refine((r) => (r.seq === 1) === (r.prevHash === null), {
    message: "prevHash must be null for seq 1 and a SHA-256 hash after it",
    path: ["prevHash"],
  });
export type Report = z.infer<typeof Report>;
export type FullReport = z.infer<typeof FullReport>;
export type HeartbeatReport = z.infer<typeof HeartbeatReport>;
export type SpoolDropReport = z.infer<typeof SpoolDropReport>;
