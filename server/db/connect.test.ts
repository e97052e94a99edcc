// The SQLite database (signing key, SMTP password, TOTP secrets) is readable by its owner only, whatever was there (issue 14.13).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { connect } from "./connect.js";
import { migrateToLatest } from "./migrate.js";

const mode = (p: string) => statSync(p).mode & 0o777;
let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

it.skipIf(process.platform === "win32")(
  "makes an existing open folder 0700 and the database, -wal and -shm 0600",
  async () => {
    root = mkdtempSync(join(tmpdir(), "ward-db-mode-"));
    const dir = join(root, "data");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = join(dir, "ward.db");
    // A database left world-readable by an earlier run or a copy, with its WAL files.
    const old = new SqliteDatabase(file);
    old.pragma("journal_mode = WAL");
    old.exec("create table t (x)");
    chmodSync(file, 0o644);
    old.close();
    writeFileSync(`${file}-wal`, "");
    chmodSync(`${file}-wal`, 0o644);

    const db = connect({ sqliteFile: file });
    await migrateToLatest(db);
    expect(mode(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
    await db.close();
  },
);

it.skipIf(process.platform === "win32")("creates a new database 0600 in a new 0700 folder", async () => {
  root = mkdtempSync(join(tmpdir(), "ward-db-mode-"));
  const file = join(root, "fresh", "ward.db");
  const db = connect({ sqliteFile: file });
  await migrateToLatest(db);
  expect(mode(join(root, "fresh"))).toBe(0o700);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
  await db.close();
});
