// Applies the numbered migrations in server/db/migrations/ (the same ones for SQLite and PostgreSQL).
import { type Migration, type MigrationProvider, Migrator } from "kysely";
import { AppError } from "../../shared/errors.js";
import type { DialectName, Db } from "./connect.js";
import { migration0001 } from "./migrations/0001-initial.js";
import { migration0050 } from "./migrations/0050-waivers.js";
import { migration0100 } from "./migrations/0100-alerts.js";
import { migration0200 } from "./migrations/0200-dashboard.js";
import { migration0300 } from "./migrations/0300-api-sso.js";
import { migration0420 } from "./migrations/0420-attestations.js";
import { migration0430 } from "./migrations/0430-sso-logins.js";
import { migration0450 } from "./migrations/0450-reenrolment.js";
import { migration0470 } from "./migrations/0470-policy-confirmed.js";
import { migration0480 } from "./migrations/0480-18b-device-list.js";
import { migration0500 } from "./migrations/0500-issue22-ledger-ranges.js";
import { migration0510 } from "./migrations/0510-18b-trends.js";
import { migration0530 } from "./migrations/0530-issue22b-overview.js";
import { migration0540 } from "./migrations/0540-issue22-range-hashes.js";
import { migration0550 } from "./migrations/0550-issue22b-search-keys.js";
import { migration0560 } from "./migrations/0560-issue22b-asset-search-keys.js";

/** Each migration is built for a dialect: only column types differ (bytea/blob). Keep names sorted. */
const MIGRATIONS: Record<string, (dialect: DialectName) => Migration> = {
  "0001-initial": migration0001,
  "0050-waivers": migration0050,
  "0100-alerts": migration0100,
  "0200-dashboard": migration0200,
  "0300-api-sso": migration0300,
  "0420-attestations": migration0420,
  "0430-sso-logins": migration0430,
  "0450-reenrolment": migration0450,
  "0470-policy-confirmed": migration0470,
  "0480-18b-device-list": migration0480,
  "0500-issue22-ledger-ranges": migration0500,
  "0510-18b-trends": migration0510,
  "0530-issue22b-overview": migration0530,
  "0540-issue22-range-hashes": migration0540,
  "0550-issue22b-search-keys": migration0550,
  "0560-issue22b-asset-search-keys": migration0560,
};

/** Every migration's name, in the order they apply. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, build]) => [name, build(this.dialect)]));
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: new StaticProvider(db.dialect),
    migrationTableName: "ward_migrations",
    migrationLockTableName: "ward_migrations_lock",
  });
  let { error, results } = await migrator.migrateToLatest();
  // SQLite has no migration lock across processes: two processes opening a new database at once (a CLI command
  // beside a starting collector) both try the same migration; the loser's transaction rolls back whole, and running
  // again finds the winner's migrations recorded.
  for (let attempt = 1; error && db.dialect === "sqlite" && attempt <= 5; attempt++) {
    await new Promise((r) => setTimeout(r, 100 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new AppError(
      "unavailable",
      `Database migration ${failed?.migrationName ?? ""} failed on ${db.describe}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
