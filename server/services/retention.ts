// The daily purge: raw envelopes after rawRetentionDays (their heartbeat runs then folded into ledger ranges), history
// and events after retentionDays; the ledger stays. Each part runs in bounded chunks, each its own transaction.
import type { Kysely } from "kysely";
import { DAY_MS } from "../clock.js";
import type { Database } from "../db/schema.js";
import { foldHeartbeatRuns } from "../stores/ledger-fold.js";
import { type ChunkOptions, deleteBefore } from "../stores/purge-chunks.js";

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
  /** Transactions the purge took, and the longest of them (ms, begin to commit): what the ingest may wait behind. */
  chunks: number;
  longestChunkMs: number;
}

/**
 * Everything past its retention, chunk by chunk. Not one transaction: the ingest's batches commit between chunks
 * (SQLite has one writer), and a purge stopped anywhere (a crash, a failed chunk) has lost nothing: each chunk leaves a
 * whole state (raw envelopes are gone before their rows are folded; a fold page moves its mark with its ranges), and
 * the next run, with the same or a later time, goes on from it.
 */
export async function purgeExpired(
  q: Kysely<Database>,
  policy: RetentionPolicy,
  now: Date,
  options: ChunkOptions = {},
): Promise<PurgeCounts> {
  const rawCutoff = new Date(now.getTime() - policy.rawRetentionDays * DAY_MS).toISOString();
  const cutoff = new Date(now.getTime() - policy.retentionDays * DAY_MS).toISOString();
  let chunks = 0;
  let longestChunkMs = 0;
  const o: ChunkOptions = {
    ...options,
    afterChunk: async (c) => {
      chunks += 1;
      longestChunkMs = Math.max(longestChunkMs, c.ms);
      await options.afterChunk?.(c);
    },
  };
  // The fold reads rows received before rawCutoff, whose raw envelopes are deleted first.
  const rawEnvelopes = await deleteBefore(
    q,
    { step: "rawEnvelopes", table: "raw_envelopes", column: "received_at", key: ["ledger_id"] },
    rawCutoff,
    o,
  );
  return {
    rawEnvelopes,
    ledgerRowsFolded: await foldHeartbeatRuns(q, rawCutoff, o),
    statusChanges: await deleteBefore(
      q,
      { step: "statusChanges", table: "status_changes", column: "received_at", key: ["id"] },
      cutoff,
      o,
    ),
    integrityEvents: await deleteBefore(
      q,
      { step: "integrityEvents", table: "integrity_events", column: "created_at", key: ["id"] },
      cutoff,
      o,
    ),
    enrolments: await deleteBefore(
      q,
      { step: "enrolments", table: "enrolments", column: "enrolled_at", key: ["id"] },
      cutoff,
      o,
    ),
    nonces: await deleteBefore(
      q,
      { step: "nonces", table: "request_nonces", column: "expires_at", key: ["device_id", "nonce"] },
      now.toISOString(),
      o,
    ),
    chunks,
    longestChunkMs: Math.round(longestChunkMs * 10) / 10,
  };
}
