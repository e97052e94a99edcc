// Re-enrolment of known hardware with a new key: requests a provider admin decides, device-bound tokens, key-replaced mark.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0450(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("reenrol_requests")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("device_id", "text", (c) => c.notNull().references("devices.id"))
        .addColumn("council_id", "text", (c) => c.notNull())
        .addColumn("token_id", "text", (c) => c.notNull())
        .addColumn("public_key", "text", (c) => c.notNull())
        .addColumn("key_id", "text", (c) => c.notNull())
        /** The enrolment request's os, inventory and agent version (device text, stored as sent, shown escaped). */
        .addColumn("request_json", "text", (c) => c.notNull())
        .addColumn("requested_at", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("decided_at", "text")
        .addColumn("decided_by", "text")
        .execute();
      await db.schema
        .createIndex("reenrol_requests_device")
        .on("reenrol_requests")
        .columns(["device_id", "status"])
        .execute();
      await db.schema
        .createIndex("reenrol_requests_status")
        .on("reenrol_requests")
        .columns(["status", "requested_at"])
        .execute();
      // A token issued for one device (`token create --device ID`): it may give that device a new key, once.
      await db.schema.alterTable("enrol_tokens").addColumn("device_id", "text").execute();
      // When the device's key was last replaced (approved or by a device token): shown on the overview.
      await db.schema.alterTable("devices").addColumn("key_replaced_at", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("reenrol_requests").ifExists().execute();
    },
  };
}
