// The collector key: generated once, shared through the database, adopted from a data-dir file, never silently replaced.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import { memoryLogger } from "../../shared/logger.js";
import { connect, type Db } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { KEY_FILE, loadCollectorKey } from "./collector-key.js";

const now = new Date("2026-11-22T09:00:00.000Z");
let db: Db;
const dirs: string[] = [];
afterEach(async () => {
  await db?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ward-key-"));
  dirs.push(dir);
  return dir;
}

async function fresh(): Promise<{ dir: string; db: Db }> {
  const dir = tempDir();
  db = connect({ sqliteFile: join(dir, "ward.db") });
  await migrateToLatest(db);
  return { dir, db };
}

describe("loadCollectorKey", () => {
  it("generates a key on first start, stores it in the database and a 0600 file, and reuses it", async () => {
    const { dir } = await fresh();
    const log = memoryLogger();
    const first = await loadCollectorKey(db, dir, now, log);
    const file = join(dir, KEY_FILE);
    expect(JSON.parse(readFileSync(file, "utf8")).publicKey).toBe(first.publicKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const otherDir = tempDir();
    const second = await loadCollectorKey(db, otherDir, now, log);
    expect(second.publicKey).toBe(first.publicKey);
    expect(JSON.stringify(log.lines)).not.toContain(JSON.parse(readFileSync(file, "utf8")).privateKey);
  });

  it("adopts a key file found in the data directory when the database has none (restore, move to PostgreSQL)", async () => {
    const { dir } = await fresh();
    const pair = generateEd25519KeyPair();
    writeFileSync(join(dir, KEY_FILE), JSON.stringify(pair));
    expect((await loadCollectorKey(db, dir, now, memoryLogger())).publicKey).toBe(pair.publicKey);
  });

  it("keeps the database's key and warns when the file holds another", async () => {
    const { dir } = await fresh();
    const stored = await loadCollectorKey(db, dir, now, memoryLogger());
    writeFileSync(join(dir, KEY_FILE), JSON.stringify(generateEd25519KeyPair()));
    const log = memoryLogger();
    expect((await loadCollectorKey(db, dir, now, log)).publicKey).toBe(stored.publicKey);
    expect(log.lines.map((l) => l.level)).toContain("warn");
  });

  it("refuses a damaged key file rather than making a new key", async () => {
    const { dir } = await fresh();
    writeFileSync(join(dir, KEY_FILE), "{not json");
    await expect(loadCollectorKey(db, dir, now, memoryLogger())).rejects.toThrow(/Restore it from a backup/);
  });
});
