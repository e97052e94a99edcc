// Group commit on SQLite: batches arriving together share one commit, a failing one rolls back alone, and each is
// answered only once its rows are committed (seen from another connection).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, beforeEach, expect, it } from "vitest";
import { connect, type Db } from "../db/connect.js";
import { rawStatement } from "../db/raw-sqlite.js";
import { expectBatch, storeInTransaction } from "./ingest-commit.js";

let root = "";
let db: Db;
let file = "";
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "ward-group-commit-"));
  file = join(root, "ward.db");
  db = connect({ sqliteFile: file });
  await sql`create table t (batch text not null, n integer not null)`.execute(db.kysely);
});
afterEach(async () => {
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

/** What another connection sees: only committed rows. */
function committedBatches(): string[] {
  const other = new SqliteDatabase(file, { readonly: true });
  try {
    return (other.prepare("select distinct batch from t order by batch").all() as { batch: string }[]).map(
      (r) => r.batch,
    );
  } finally {
    other.close();
  }
}

it("answers each batch after the commit that holds its rows, and a failing batch rolls back alone", async () => {
  const seenAtAnswer: Record<string, string[]> = {};
  const insert = (batch: string, fail: boolean) =>
    storeInTransaction(db, async (trx) => {
      // Inside the group's transaction the stores use the prepared statement on the writer's handle.
      const stmt = rawStatement(trx, "insert into t (batch, n) values (?, ?)");
      expect(stmt).toBeDefined();
      for (let n = 0; n < 3; n++) stmt!.run(batch, n);
      if (fail) throw new Error(`batch ${batch} refused`);
    }).then(() => {
      seenAtAnswer[batch] = committedBatches();
    });
  // Submitted in the same turn: one group, one transaction, a savepoint each.
  const outcomes = await Promise.allSettled([insert("a", false), insert("b", true), insert("c", false)]);
  expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe("batch b refused");
  // When a and c were answered, another connection already saw both (committed), and never b.
  expect(seenAtAnswer.a).toEqual(["a", "c"]);
  expect(seenAtAnswer.c).toEqual(["a", "c"]);
  expect(committedBatches()).toEqual(["a", "c"]);
  const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely);
  expect(rows.rows[0]!.n).toBe(6);
});

it("a lone batch that fails leaves nothing, and the next one commits", async () => {
  await expect(
    storeInTransaction(db, async (trx) => {
      rawStatement(trx, "insert into t (batch, n) values (?, ?)")!.run("x", 1);
      throw new Error("refused");
    }),
  ).rejects.toThrow("refused");
  await storeInTransaction(db, async (trx) => {
    rawStatement(trx, "insert into t (batch, n) values (?, ?)")!.run("y", 1);
  });
  expect(committedBatches()).toEqual(["y"]);
});

it("outside the ingest's transaction the handle is never used directly", async () => {
  expect(rawStatement(db.kysely, "select 1")).toBeUndefined();
  let kept: Parameters<Parameters<typeof storeInTransaction>[1]>[0] | undefined;
  await storeInTransaction(db, async (trx) => {
    kept = trx;
  });
  // A transaction object kept past its commit is unbound.
  expect(rawStatement(kept!, "select 1")).toBeUndefined();
});

it("waits for a batch still being verified, so both share one commit; never longer than a few ms", async () => {
  const transactions: unknown[] = [];
  const insert = (batch: string) =>
    storeInTransaction(db, async (trx) => {
      transactions.push(trx);
      rawStatement(trx, "insert into t (batch, n) values (?, ?)")!.run(batch, 1);
    });
  const arrived = expectBatch(db);
  const first = insert("a");
  // The announced batch comes 1 ms later (its verification took that long): it joins a's group.
  await new Promise((r) => setTimeout(r, 1));
  const second = insert("b");
  arrived();
  await Promise.all([first, second]);
  expect(transactions).toHaveLength(2);
  expect(transactions[0]).toBe(transactions[1]);
  expect(committedBatches()).toEqual(["a", "b"]);

  // A batch announced that never comes (its request failed before the answer was given) holds nobody for long.
  const never = expectBatch(db);
  const started = performance.now();
  await insert("c");
  expect(performance.now() - started).toBeLessThan(1000);
  expect(committedBatches()).toEqual(["a", "b", "c"]);
  never();
  never();
  // Once it has answered (a second answer does nothing), the next batch is not held at all.
  await insert("d");
  expect(transactions).toHaveLength(4);
  expect(transactions[2]).not.toBe(transactions[3]);
});
