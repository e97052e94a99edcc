// What features may attach to the ingest: called inside the envelope's transaction, after the change is stored.
import type { Kysely } from "kysely";
import type { Report } from "../../shared/schemas/report.js";
import type { Database } from "../db/schema.js";
import type { DeviceRow } from "../stores/device-store.js";

export interface ChainEvent {
  kind: "gap" | "fork";
  seq: number;
  hash: string;
  detail: Record<string, unknown>;
}

/**
 * Ingest → store → hooks. Hooks get the rows the ingest already holds (never look the device up again) and must use
 * `trx` for every query: on SQLite another connection would wait for this transaction forever.
 */
export interface ReportHooks {
  /** An accepted report, applied: `before` and `after` are the device row around the report. */
  reportApplied(
    trx: Kysely<Database>,
    event: { before: DeviceRow; after: DeviceRow; report: Report; batch?: BatchMemo },
  ): Promise<void>;
  /** A gap or fork in the device's chain, recorded as an integrity event; `device` is the locked row. */
  chainEvent(trx: Kysely<Database>, event: { device: DeviceRow; batch?: BatchMemo } & ChainEvent): Promise<void>;
  /** Known hardware asked for a new key (pending approval), or its key was replaced; `device` is the row before. */
  reenrolment(trx: Kysely<Database>, event: ReenrolmentEvent): Promise<void>;
}

/**
 * Lives as long as one batch's transaction: a hook may keep there what cannot change before the commit (the council's
 * alert settings), instead of reading it again for every envelope.
 */
export type BatchMemo = Map<string, unknown>;

export interface ReenrolmentEvent {
  device: DeviceRow;
  kind: "requested" | "replaced";
  detail: Record<string, unknown>;
}

/** No feature attached (tools that build a context without alerting). */
export const NO_HOOKS: ReportHooks = {
  reportApplied: async () => {},
  chainEvent: async () => {},
  reenrolment: async () => {},
};
