// The daily purge: raw envelopes after rawRetentionDays (their heartbeat runs then folded into ledger ranges), history
// and events after retentionDays; the ledger stays.
import type { Kysely } from "kysely";
import { DAY_MS } from "../clock.js";
import type { Database } from "../db/schema.js";
import { purgeEnrolments } from "../stores/device-store.js";
import { purgeIntegrityEvents } from "../stores/event-store.js";
import { foldHeartbeatRuns } from "../stores/ledger-fold.js";
import { purgeRawEnvelopes } from "../stores/ledger-store.js";
import { purgeExpiredNonces } from "../stores/nonce-store.js";
import { purgeStatusChanges } from "../stores/results-store.js";

export interface RetentionPolicy {
  rawRetentionDays: number;
  retentionDays: number;
}

export interface PurgeCounts {
  rawEnvelopes: number;
  /** Ledger rows of accepted heartbeats folded into ranges (the rows before them now stand for them). */
  ledgerRowsFolded: number;
  statusChanges: number;
  integrityEvents: number;
  enrolments: number;
  nonces: number;
}

export async function purgeExpired(q: Kysely<Database>, policy: RetentionPolicy, now: Date): Promise<PurgeCounts> {
  const rawCutoff = new Date(now.getTime() - policy.rawRetentionDays * DAY_MS).toISOString();
  const cutoff = new Date(now.getTime() - policy.retentionDays * DAY_MS).toISOString();
  return {
    rawEnvelopes: await purgeRawEnvelopes(q, rawCutoff),
    ledgerRowsFolded: await foldHeartbeatRuns(q, rawCutoff),
    statusChanges: await purgeStatusChanges(q, cutoff),
    integrityEvents: await purgeIntegrityEvents(q, cutoff),
    enrolments: await purgeEnrolments(q, cutoff),
    nonces: await purgeExpiredNonces(q, now.toISOString()),
  };
}
