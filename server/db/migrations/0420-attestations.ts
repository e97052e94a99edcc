// Attestations for the evidence pack (types: server/evidence/tables.ts), and an index to count a device's reports in a period.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0420(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("attestations")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("council_id", "text", (c) => c.notNull().references("councils.id"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("evidence", "text", (c) => c.notNull())
        .addColumn("checked_on", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("policy_adopted_on", "text")
        .addColumn("policy_reviewed_on", "text")
        .addColumn("minute_ref", "text")
        .addColumn("recorded_by", "text", (c) => c.notNull())
        .addColumn("recorded_role", "text", (c) => c.notNull())
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addColumn("withdrawn_at", "text")
        .addColumn("withdrawn_by", "text")
        .execute();
      await db.schema
        .createIndex("attestations_council")
        .on("attestations")
        .columns(["council_id", "expires_at"])
        .execute();
      // The evidence pack counts each device's accepted reports in a period (a year of 15-minute reports per device).
      await db.schema
        .createIndex("ledger_device_collected")
        .on("ledger")
        .columns(["device_id", "collected_at"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("ledger_device_collected").ifExists().execute();
      await db.schema.dropTable("attestations").ifExists().execute();
    },
  };
}
