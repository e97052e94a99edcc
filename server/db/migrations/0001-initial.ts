// First schema: councils, tokens, devices, the envelope ledger, raw evidence, current state, history, events, jobs.
import { type Kysely, type Migration, sql } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0001(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  const bytes = dialect === "postgres" ? "bytea" : "blob";
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("settings")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("councils")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("policy_json", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("enrol_tokens")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("council_id", "text", (c) => c.notNull().references("councils.id"))
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("max_uses", "integer", (c) => c.notNull())
        .addColumn("uses", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("revoked_at", "text")
        .execute();
      await db.schema
        .createTable("devices")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("council_id", "text", (c) => c.notNull().references("councils.id"))
        .addColumn("public_key", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("hostname", "text", (c) => c.notNull())
        .addColumn("serial", "text", (c) => c.notNull())
        .addColumn("manufacturer", "text", (c) => c.notNull())
        .addColumn("model", "text", (c) => c.notNull())
        .addColumn("os_platform", "text", (c) => c.notNull())
        .addColumn("os_name", "text", (c) => c.notNull())
        .addColumn("os_version", "text", (c) => c.notNull())
        .addColumn("os_build", "text", (c) => c.notNull())
        .addColumn("agent_version", "text", (c) => c.notNull())
        .addColumn("enrolled_at", "text", (c) => c.notNull())
        .addColumn("last_seen_at", "text")
        .addColumn("last_seq", big, (c) => c.notNull().defaultTo(0))
        .addColumn("last_hash", "text")
        .addColumn("results_hash", "text")
        .addColumn("results_confirmed_at", "text")
        .execute();
      await db.schema.createIndex("devices_hardware").on("devices").columns(["council_id", "serial"]).execute();
      await db.schema
        .createTable("enrolments")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull().references("devices.id"))
        .addColumn("council_id", "text", (c) => c.notNull())
        .addColumn("token_id", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("previous_key_id", "text")
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("enrolled_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("ledger")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull().references("devices.id"))
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("seq", big, (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text")
        .addColumn("report_kind", "text", (c) => c.notNull())
        .addColumn("collected_at", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("chain", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .execute();
      // Each distinct envelope is recorded once, and at most one envelope per seq is ever accepted: the database
      // itself refuses a second acceptance even if two writers raced past the application's checks.
      await db.schema
        .createIndex("ledger_envelope")
        .on("ledger")
        .columns(["device_id", "key_id", "seq", "hash"])
        .unique()
        .execute();
      await db.schema
        .createIndex("ledger_accepted_seq")
        .on("ledger")
        .columns(["device_id", "key_id", "seq"])
        .unique()
        .where(sql.ref("outcome"), "=", "accepted")
        .execute();
      await db.schema
        .createTable("raw_envelopes")
        .addColumn("ledger_id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("body", bytes, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("raw_envelopes_received").on("raw_envelopes").column("received_at").execute();
      await db.schema
        .createTable("current_results")
        .addColumn("device_id", "text", (c) => c.notNull().references("devices.id"))
        .addColumn("control", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("result_json", "text", (c) => c.notNull())
        .addColumn("since", "text", (c) => c.notNull())
        .addColumn("collected_at", "text", (c) => c.notNull())
        .addColumn("ledger_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("current_results_pk", ["device_id", "control"])
        .execute();
      await db.schema
        .createTable("status_changes")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("council_id", "text", (c) => c.notNull())
        .addColumn("control", "text", (c) => c.notNull())
        .addColumn("from_status", "text")
        .addColumn("to_status", "text", (c) => c.notNull())
        .addColumn("result_json", "text", (c) => c.notNull())
        .addColumn("collected_at", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("ledger_id", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("status_changes_device")
        .on("status_changes")
        .columns(["device_id", "collected_at"])
        .execute();
      await db.schema.createIndex("status_changes_received").on("status_changes").column("received_at").execute();
      await db.schema
        .createTable("integrity_events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("council_id", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("seq", big)
        .addColumn("detail_json", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("acknowledged_at", "text")
        .execute();
      await db.schema.createIndex("integrity_events_created").on("integrity_events").column("created_at").execute();
      await db.schema
        .createTable("request_nonces")
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("nonce", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("request_nonces_pk", ["device_id", "nonce"])
        .execute();
      await db.schema
        .createTable("job_runs")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("last_run_at", "text")
        .addColumn("last_result", "text")
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        "job_runs",
        "request_nonces",
        "integrity_events",
        "status_changes",
        "current_results",
        "raw_envelopes",
        "ledger",
        "enrolments",
        "devices",
        "enrol_tokens",
        "councils",
        "settings",
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
