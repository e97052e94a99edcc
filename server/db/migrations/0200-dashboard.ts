// Dashboard tables: users, sessions (hashed ids), login throttle, audit log and the asset register (types: server/dashboard/tables.ts).
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0200(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("dashboard_users")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("email", "text", (c) => c.notNull().unique())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("council_id", "text", (c) => c.references("councils.id"))
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("totp_secret", "text")
        .addColumn("totp_confirmed_at", "text")
        .addColumn("totp_last_step", big)
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("disabled_at", "text")
        .execute();
      await db.schema
        .createTable("dashboard_sessions")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("dashboard_users.id"))
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_seen_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("ip", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("dashboard_sessions_user").on("dashboard_sessions").column("user_id").execute();
      await db.schema
        .createTable("login_throttle")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("failures", "integer", (c) => c.notNull())
        .addColumn("window_start", "text", (c) => c.notNull())
        .addColumn("locked_until", "text")
        .execute();
      await db.schema
        .createTable("audit_log")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("council_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target", "text")
        .addColumn("detail_json", "text", (c) => c.notNull())
        .addColumn("ip", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
      await db.schema.createIndex("audit_log_council").on("audit_log").columns(["council_id", "at"]).execute();
      await db.schema
        .createTable("device_assets")
        .addColumn("device_id", "text", (c) => c.primaryKey().references("devices.id"))
        .addColumn("asset_number", "text", (c) => c.notNull())
        .addColumn("assigned_user", "text", (c) => c.notNull())
        .addColumn("location", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("updated_by", "text", (c) => c.notNull())
        .execute();
      // The overview counts silent devices per council, and the council page sorts by last seen.
      await db.schema
        .createIndex("devices_council_seen")
        .on("devices")
        .columns(["council_id", "last_seen_at"])
        .execute();
      await db.schema
        .createIndex("status_changes_council")
        .on("status_changes")
        .columns(["council_id", "collected_at"])
        .execute();
      await db.schema
        .createIndex("integrity_events_council")
        .on("integrity_events")
        .columns(["council_id", "created_at"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ["device_assets", "audit_log", "login_throttle", "dashboard_sessions", "dashboard_users"]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
