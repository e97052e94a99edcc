// The compact ledger of every envelope (kept forever) and the raw signed envelopes (kept for the raw retention).
import { gunzipSync, gzipSync } from "node:zlib";
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { rawStatement } from "../db/raw-sqlite.js";
import type { Database, LedgerTable } from "../db/schema.js";

export type LedgerRow = Selectable<LedgerTable>;
/** A row as the ingest records it: one envelope (the range columns stay null until a fold). */
export type NewLedgerRow = Omit<Insertable<LedgerTable>, "range_hashes"> & { id: string };

/** Records an envelope; false when this exact envelope (device, key, seq, hash) is already recorded. */
export async function insertLedger(q: Kysely<Database>, row: NewLedgerRow): Promise<boolean> {
  const raw = rawStatement(q, INSERT_LEDGER);
  if (raw) {
    // Positional parameters, in LEDGER_COLUMNS' order: binding by name looks each one up on an object (and made a copy
    // of the row to fill the range columns), several times the cost of the insert itself.
    return (
      raw.run(
        row.id,
        row.device_id,
        row.key_id,
        row.seq,
        row.hash,
        row.prev_hash ?? null,
        row.report_kind,
        row.collected_at,
        row.received_at,
        row.outcome,
        row.chain,
        row.reason ?? null,
        row.last_seq ?? null,
        row.last_collected_at ?? null,
        row.envelopes ?? null,
        row.run_digest ?? null,
      ).changes === 1
    );
  }
  const result = await q
    .insertInto("ledger")
    .values(row)
    .onConflict((oc) => oc.columns(["device_id", "key_id", "seq", "hash"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

const LEDGER_COLUMNS = [
  "id",
  "device_id",
  "key_id",
  "seq",
  "hash",
  "prev_hash",
  "report_kind",
  "collected_at",
  "received_at",
  "outcome",
  "chain",
  "reason",
  "last_seq",
  "last_collected_at",
  "envelopes",
  "run_digest",
] as const;
const INSERT_LEDGER = `insert into "ledger" (${LEDGER_COLUMNS.map((c) => `"${c}"`).join(", ")}) values (${LEDGER_COLUMNS.map(() => "?").join(", ")}) on conflict ("device_id", "key_id", "seq", "hash") do nothing`;

/**
 * A range keeps the first 16 bytes (128 bits) of each envelope's SHA-256: another payload matching them would take
 * about 2^128 tries (a second preimage), and 96 heartbeats a day cost 1.5 KB, where whole hashes broke the storage
 * budget of 5 KB per device-day once the page space around them was counted (5.3 KB measured).
 */
export const RANGE_HASH_BYTES = 16;

/**
 * What the ledger holds at an earlier seq of this device key, to tell an old retry (duplicate) from a fork: the
 * accepted row, or the folded range that covers the seq. `hash` is the hash accepted at that very seq (hex): whole
 * for a row or a range's last envelope, its first RANGE_HASH_BYTES inside a range; undefined inside a range folded
 * before ranges kept their envelopes' hashes (only its last hash is known).
 */
export async function acceptedAt(
  q: Kysely<Database>,
  deviceId: string,
  keyId: string,
  seq: number,
): Promise<{ seq: number; lastSeq: number; hash: string | undefined; prevHash: string | null } | undefined> {
  // The newest accepted row at or before seq (the partial index on accepted seqs), if it reaches seq.
  const row = await q
    .selectFrom("ledger")
    .select(["seq", "last_seq", "hash", "prev_hash", "range_hashes"])
    .where("device_id", "=", deviceId)
    .where("key_id", "=", keyId)
    .where("seq", "<=", seq)
    .where("outcome", "=", "accepted")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row || (row.last_seq ?? row.seq) < seq) return undefined;
  const first = row.seq;
  const last = row.last_seq ?? row.seq;
  let hash: string | undefined;
  if (seq === last) hash = row.hash;
  else if (row.range_hashes?.length === RANGE_HASH_BYTES * (last - first + 1)) {
    const at = RANGE_HASH_BYTES * (seq - first);
    hash = Buffer.from(row.range_hashes.subarray(at, at + RANGE_HASH_BYTES)).toString("hex");
  }
  return { seq: first, lastSeq: last, hash, prevHash: row.prev_hash };
}

export async function insertRawEnvelope(
  q: Kysely<Database>,
  ledgerId: string,
  deviceId: string,
  receivedAt: string,
  envelope: Envelope,
  gzipped?: Buffer,
): Promise<void> {
  const body = gzipped ?? gzipSync(Buffer.from(JSON.stringify(envelope), "utf8"));
  const raw = rawStatement(
    q,
    `insert into "raw_envelopes" ("ledger_id", "device_id", "received_at", "body") values (?, ?, ?, ?)`,
  );
  if (raw) {
    raw.run(ledgerId, deviceId, receivedAt, body);
    return;
  }
  await q
    .insertInto("raw_envelopes")
    .values({ ledger_id: ledgerId, device_id: deviceId, received_at: receivedAt, body })
    .execute();
}

export async function readRawEnvelope(q: Kysely<Database>, ledgerId: string): Promise<Envelope | undefined> {
  const row = await q.selectFrom("raw_envelopes").select("body").where("ledger_id", "=", ledgerId).executeTakeFirst();
  if (!row) return undefined;
  return JSON.parse(gunzipSync(row.body).toString("utf8")) as Envelope;
}

export async function ledgerForDevice(q: Kysely<Database>, deviceId: string): Promise<LedgerRow[]> {
  return q
    .selectFrom("ledger")
    .selectAll()
    .where("device_id", "=", deviceId)
    .orderBy("seq")
    .orderBy("received_at")
    .execute();
}

/** When this collector last stored an envelope (ISO), or null when it never has: to tell whose clock went wrong. */
export async function newestReceivedAt(q: Kysely<Database>): Promise<string | null> {
  const newest = await q
    .selectFrom("ledger")
    .select((eb) => eb.fn.max("received_at").as("at"))
    .executeTakeFirst();
  return newest?.at ? String(newest.at) : null;
}
