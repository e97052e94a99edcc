// Folds runs of accepted heartbeats into one ledger range row once their raw envelopes aged out; the chain still links.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { type LedgerRow, RANGE_HASH_BYTES } from "./ledger-store.js";
import { CHUNK_ROWS, type ChunkOptions, chunk } from "./purge-chunks.js";

/**
 * A device's rows read at a time. Each page is folded from the device's mark (ledger_fold_marks) and moves the mark on
 * in the same transaction, so where a page ends depends only on what is stored: a fold stopped between chunks and run
 * again folds exactly as one run would have.
 */
export const FOLD_PAGE = 250;
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
 *
 * Chunks: pages of devices, about CHUNK_ROWS rows read each, each chunk its own transaction (purge-chunks.ts). A page
 * writes its ranges, deletes the rows they absorbed and moves the mark together, so every committed state is a
 * verifiable ledger and the next run goes on from the marks.
 */
export async function foldHeartbeatRuns(db: Kysely<Database>, cutoff: string, o: ChunkOptions = {}): Promise<number> {
  const budget = o.chunkRows ?? CHUNK_ROWS;
  const page = o.foldPage ?? FOLD_PAGE;
  const ids = (await db.selectFrom("devices").select("id").orderBy("id").execute()).map((d) => d.id);
  let next = 0;
  let folded = 0;
  while (next < ids.length) {
    folded += await chunk(db, "ledgerRowsFolded", o, async (trx) => {
      let rows = 0;
      let n = 0;
      while (next < ids.length && rows < budget) {
        const done = await foldPage(trx, ids[next]!, cutoff, page, o.dialect === "postgres");
        rows += done.read + 1;
        n += done.folded;
        if (!done.more) next += 1;
      }
      return { value: n, rows };
    });
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

/** One page of a device's rows after its mark, folded; `more` when the page was full (the device has more to read). */
async function foldPage(
  q: Kysely<Database>,
  deviceId: string,
  cutoff: string,
  page: number,
  lock: boolean,
): Promise<{ folded: number; read: number; more: boolean }> {
  // PostgreSQL: the device's row is locked as the ingest locks it, so a batch for this device waits for this page (or
  // this page for the batch), and a second instance folding the same device waits for the first. FOR NO KEY UPDATE:
  // a row written elsewhere that points at the device (a waiver, an alert) takes only a key-share lock, which this
  // does not block, so a chunk holding many devices never deadlocks with a transaction writing for several.
  const device = await q
    .selectFrom("devices")
    .select("key_id")
    .where("id", "=", deviceId)
    .$if(lock, (qb) => qb.forNoKeyUpdate())
    .executeTakeFirst();
  if (!device) return { folded: 0, read: 0, more: false };
  const keyId = device.key_id;
  const mark = await q.selectFrom("ledger_fold_marks").selectAll().where("device_id", "=", deviceId).executeTakeFirst();
  const from = mark?.key_id === keyId ? mark.seq : 0;
  // The run may continue from the last row the previous page looked at (a range or a single heartbeat).
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
  const rows = await q
    .selectFrom("ledger")
    .selectAll()
    .where("device_id", "=", deviceId)
    .where("key_id", "=", keyId)
    .where("seq", ">", from)
    .orderBy("seq")
    .orderBy("received_at")
    .limit(page)
    .execute();
  let more = rows.length === page;
  let seen = from;
  let folded = 0;
  for (const r of rows) {
    // Raw envelopes are purged by received_at with the same cutoff: newer rows still have theirs.
    if (r.received_at >= cutoff) {
      more = false;
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
  if (seen !== from || mark === undefined || mark.key_id !== keyId) {
    await q
      .insertInto("ledger_fold_marks")
      .values({ device_id: deviceId, key_id: keyId, seq: seen })
      .onConflict((oc) => oc.column("device_id").doUpdateSet({ key_id: keyId, seq: seen }))
      .execute();
  }
  return { folded, read: rows.length, more };
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
