// Alerts: the transactional outbox (one row per alert and destination) and each device control's alert state.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0100(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("alert_outbox")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
        .addColumn("council_id", "text", (c) => c.notNull().references("councils.id"))
        .addColumn("device_id", "text")
        .addColumn("rule", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("destination", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("content_json", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text", (c) => c.notNull())
        .addColumn("claimed_by", "text")
        .addColumn("claimed_until", "text")
        .addColumn("last_error", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("sent_at", "text")
        .execute();
      await db.schema
        .createIndex("alert_outbox_due")
        .on("alert_outbox")
        .columns(["status", "next_attempt_at"])
        .execute();
      await db.schema
        .createIndex("alert_outbox_council")
        .on("alert_outbox")
        .columns(["council_id", "created_at"])
        .execute();
      await db.schema
        .createTable("alert_state")
        .addColumn("device_id", "text", (c) => c.notNull().references("devices.id"))
        .addColumn("subject", "text", (c) => c.notNull())
        .addColumn("failing", "integer", (c) => c.notNull())
        .addColumn("consecutive", "integer", (c) => c.notNull())
        .addColumn("failing_since", "text")
        .addColumn("alerted_at", "text")
        .addColumn("alert_key", "text")
        .addColumn("seen_events", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("alert_state_pk", ["device_id", "subject"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("alert_state").execute();
      await db.schema.dropTable("alert_outbox").execute();
    },
  };
}
