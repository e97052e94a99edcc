// Folds runs of accepted heartbeats into one ledger range row once their raw envelopes aged out; the chain still links.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { type LedgerRow, RANGE_HASH_BYTES } from "./ledger-store.js";

/** Rows read per device per step, so a device with a long unfolded history is folded in bounded pieces. */
const PAGE = 2000;
/** Envelopes per range at most: its hashes are 4 KB (about two and a half days of 15-minute heartbeats). */
export const MAX_RANGE = 256;

/**
 * A range keeps its first envelope's seq, prev_hash, collected_at and received_at (and its chain verdict: a run may
 * begin after a gap) and takes its last envelope's hash: the row before still names the range's prev_hash, and the
 * report after it names the range's hash as its prevHash, so the ledger's links check across a range as across a
 * row. run_digest chains every envelope's hash (d1 = h1, dk = sha256(d(k-1) + hk)), so a surviving copy of the
 * envelopes (a backup, the agent's spool) can be checked against the range. range_hashes keeps the first
 * RANGE_HASH_BYTES of every envelope's hash, so an envelope sent again at a folded seq is told from a different one
 * signed at that seq (a fork); a range holds at most MAX_RANGE envelopes, so folding rewrites a bounded blob. Only accepted heartbeats whose
 * link was "next" join a run: full reports (the evidence of each result), rejections, gaps and forks stay rows.
 */
export async function foldHeartbeatRuns(q: Kysely<Database>, cutoff: string): Promise<number> {
  const devices = await q.selectFrom("devices").select(["id", "key_id"]).execute();
  const marks = new Map(
    (await q.selectFrom("ledger_fold_marks").selectAll().execute()).map((m) => [m.device_id, m] as const),
  );
  let folded = 0;
  for (const d of devices) {
    const mark = marks.get(d.id);
    folded += await foldDevice(q, d.id, d.key_id, mark?.key_id === d.key_id ? mark.seq : 0, cutoff, mark !== undefined);
  }
  return folded;
}

interface Run {
  head: LedgerRow;
  lastSeq: number;
  hash: string;
  lastCollectedAt: string;
  envelopes: number;
  digest: string;
  /** Each envelope's hash as bytes, in seq order (the head's first). */
  hashes: Buffer[];
  absorbed: string[];
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const kept = (hash: string) => Buffer.from(hash, "hex").subarray(0, RANGE_HASH_BYTES);
// A range folded before its hashes were kept is not extended: the new range would not know its inner hashes either.
const startsRun = (r: LedgerRow) =>
  r.outcome === "accepted" && r.report_kind === "heartbeat" && (r.last_seq === null || r.range_hashes !== null);
const extends_ = (run: Run, r: LedgerRow) =>
  startsRun(r) &&
  r.chain === "next" &&
  r.last_seq === null &&
  r.seq === run.lastSeq + 1 &&
  r.prev_hash === run.hash &&
  run.envelopes < MAX_RANGE;

async function foldDevice(
  q: Kysely<Database>,
  deviceId: string,
  keyId: string,
  from: number,
  cutoff: string,
  marked: boolean,
): Promise<number> {
  // The run may continue from the last row the previous fold looked at (a range or a single heartbeat).
  let run: Run | null = null;
  if (from > 0) {
    const last = await q
      .selectFrom("ledger")
      .selectAll()
      .where("device_id", "=", deviceId)
      .where("key_id", "=", keyId)
      .where("seq", "<=", from)
      .where("outcome", "=", "accepted")
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    if (last && startsRun(last) && (last.last_seq ?? last.seq) === from) run = begin(last);
  }
  let seen = from;
  let folded = 0;
  for (;;) {
    const rows = await q
      .selectFrom("ledger")
      .selectAll()
      .where("device_id", "=", deviceId)
      .where("key_id", "=", keyId)
      .where("seq", ">", seen)
      .orderBy("seq")
      .orderBy("received_at")
      .limit(PAGE)
      .execute();
    let stop = rows.length < PAGE;
    for (const r of rows) {
      // Raw envelopes are purged by received_at with the same cutoff: newer rows still have theirs.
      if (r.received_at >= cutoff) {
        stop = true;
        break;
      }
      if (run && extends_(run, r)) {
        run.lastSeq = r.seq;
        run.hash = r.hash;
        run.lastCollectedAt = r.collected_at;
        run.envelopes += 1;
        run.digest = sha256(run.digest + r.hash);
        run.hashes.push(kept(r.hash));
        run.absorbed.push(r.id);
      } else {
        folded += await flush(q, run);
        run = startsRun(r) ? begin(r) : null;
      }
      seen = Math.max(seen, r.last_seq ?? r.seq);
    }
    folded += await flush(q, run);
    if (run) run = { ...run, absorbed: [] };
    if (stop) break;
  }
  if (seen !== from || !marked) {
    await q
      .insertInto("ledger_fold_marks")
      .values({ device_id: deviceId, key_id: keyId, seq: seen })
      .onConflict((oc) => oc.column("device_id").doUpdateSet({ key_id: keyId, seq: seen }))
      .execute();
  }
  return folded;
}

function begin(r: LedgerRow): Run {
  return {
    head: r,
    lastSeq: r.last_seq ?? r.seq,
    hash: r.hash,
    lastCollectedAt: r.last_collected_at ?? r.collected_at,
    envelopes: r.envelopes ?? 1,
    digest: r.run_digest ?? r.hash,
    hashes: [r.range_hashes ?? kept(r.hash)],
    absorbed: [],
  };
}

/** Writes the range into its head row and deletes the rows it absorbed; returns how many were absorbed. */
async function flush(q: Kysely<Database>, run: Run | null): Promise<number> {
  if (!run || run.absorbed.length === 0) return 0;
  await q
    .updateTable("ledger")
    .set({
      hash: run.hash,
      last_seq: run.lastSeq,
      last_collected_at: run.lastCollectedAt,
      envelopes: run.envelopes,
      run_digest: run.digest,
      range_hashes: Buffer.concat(run.hashes),
    })
    .where("id", "=", run.head.id)
    .execute();
  for (let i = 0; i < run.absorbed.length; i += 500) {
    await q
      .deleteFrom("ledger")
      .where("id", "in", run.absorbed.slice(i, i + 500))
      .execute();
  }
  // The head row now stands for the absorbed ones too.
  run.head = { ...run.head, hash: run.hash, last_seq: run.lastSeq, envelopes: run.envelopes };
  run.hashes = [Buffer.concat(run.hashes)];
  return run.absorbed.length;
}
