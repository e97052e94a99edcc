// The daily purge: raw envelopes after rawRetentionDays, history and events after retentionDays; the ledger stays.
import type { Kysely } from "kysely";
import { DAY_MS } from "../clock.js";
import type { Database } from "../db/schema.js";
import { purgeExpiredNonces } from "../stores/nonce-store.js";

export interface RetentionPolicy {
  rawRetentionDays: number;
  retentionDays: number;
}

export interface PurgeCounts {
  rawEnvelopes: number;
  statusChanges: number;
  integrityEvents: number;
  enrolments: number;
  nonces: number;
}

export async function purgeExpired(q: Kysely<Database>, policy: RetentionPolicy, now: Date): Promise<PurgeCounts> {
  const rawCutoff = new Date(now.getTime() - policy.rawRetentionDays * DAY_MS).toISOString();
  const cutoff = new Date(now.getTime() - policy.retentionDays * DAY_MS).toISOString();
  const n = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  return {
    rawEnvelopes: n(await q.deleteFrom("raw_envelopes").where("received_at", "<", rawCutoff).executeTakeFirstOrThrow()),
    statusChanges: n(await q.deleteFrom("status_changes").where("received_at", "<", cutoff).executeTakeFirstOrThrow()),
    integrityEvents: n(await q.deleteFrom("integrity_events").where("created_at", "<", cutoff).executeTakeFirstOrThrow()),
    enrolments: n(await q.deleteFrom("enrolments").where("enrolled_at", "<", cutoff).executeTakeFirstOrThrow()),
    nonces: await purgeExpiredNonces(q, now.toISOString()),
  };
}
