// Indexes for the provider's overview at 10,000 councils (issue 22b): each council's failing, unknown and silent laptops.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0530(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Only the failing and unknown results are read (most results pass), already in device order, with the control
      // the waiver check needs: no table row is read.
      await db.schema
        .createIndex("current_results_status_device_22b")
        .on("current_results")
        .columns(["status", "device_id", "control"])
        .execute();
      // Every council's laptops and their last report, in council order, with the id the results join on: the
      // per-council counts read this index alone (devices_council_seen lacks the id).
      await db.schema
        .createIndex("devices_council_seen_id_22b")
        .on("devices")
        .columns(["council_id", "last_seen_at", "id"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("devices_council_seen_id_22b").ifExists().execute();
      await db.schema.dropIndex("current_results_status_device_22b").ifExists().execute();
    },
  };
}
