// Indexes for the device list across councils (issue 18b): its "worst first" counts and its open-event counts.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0480(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The list counts each device's failing and unknown controls: two index look-ups a device, no table rows read.
      await db.schema
        .createIndex("current_results_status_18b")
        .on("current_results")
        .columns(["device_id", "status"])
        .execute();
      // Open integrity events of the 100 devices on a page (the table had no index by device).
      await db.schema
        .createIndex("integrity_events_device_18b")
        .on("integrity_events")
        .columns(["device_id", "acknowledged_at"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("integrity_events_device_18b").ifExists().execute();
      await db.schema.dropIndex("current_results_status_18b").ifExists().execute();
    },
  };
}
