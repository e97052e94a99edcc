// Waivers: a control on a device excused until a required expiry date (no permanent snoozes); read by alerts and the dashboard.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0050(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("waivers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("council_id", "text", (c) => c.notNull().references("councils.id"))
        .addColumn("device_id", "text", (c) => c.notNull().references("devices.id"))
        .addColumn("control", "text", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("approved_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("revoked_by", "text")
        .execute();
      await db.schema.createIndex("waivers_device_control").on("waivers").columns(["device_id", "control"]).execute();
      await db.schema.createIndex("waivers_council").on("waivers").columns(["council_id", "expires_at"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("waivers").execute();
    },
  };
}
