// Start-up and shutdown: listening on a free port over real HTTP, migrations applied once, close idempotent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { MIGRATION_NAMES } from "../../server/db/migrate.js";
import { expect, it } from "vitest";
import { silentLogger } from "../../shared/logger.js";
import { loadServerConfig } from "../../server/config/config.js";
import { startServer } from "../../server/main.js";
import { describeDialects, newDatabaseUrl } from "./harness.js";

describeDialects("start and stop", (dialect) => {
  it("listens, answers /healthz, restarts on the same database, and closes twice without error", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ward-collector-"));
    const db = await newDatabaseUrl(dialect);
    const config = loadServerConfig({ flags: { dataDir, db, port: 0 } });
    const first = await startServer(config, { logger: silentLogger, processMetrics: false });
    const health = (await (await fetch(`${first.url}/healthz`)).json()) as { status: string; database: string };
    expect(health).toMatchObject({ status: "ok", database: dialect });
    await Promise.all([first.close(), first.close()]);
    await first.close();
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();
    const second = await startServer(config, { logger: silentLogger, processMetrics: false });
    expect(second.ctx.key.publicKey).toBe(first.ctx.key.publicKey);
    const migrations = await sql<{ name: string }>`select name from ward_migrations`.execute(second.ctx.db.kysely);
    // Each migration applied exactly once across the two starts.
    expect(migrations.rows.map((r) => r.name).sort()).toEqual(MIGRATION_NAMES);
    await second.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describeDialects("SQLite durability settings", () => {
  it("runs in WAL mode with synchronous=FULL, so a commit is on disk before the answer", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ward-collector-"));
    const server = await startServer(loadServerConfig({ flags: { dataDir, port: 0 } }), {
      logger: silentLogger,
      processMetrics: false,
    });
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(server.ctx.db.kysely);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(server.ctx.db.kysely);
    expect([mode.rows[0]?.journal_mode, sync.rows[0]?.synchronous]).toEqual(["wal", 2]);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
}, ["sqlite"]);
