// Indexes for the compliance trends (issue 18b): today's counts per control, and the status changes after a day.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0510(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Counts per control and status read from the index alone, already in group order (device_id: a council's).
      await db.schema
        .createIndex("current_results_control_18b")
        .on("current_results")
        .columns(["control", "status", "device_id"])
        .execute();
      // Every council's changes after the chart's first day (one council's use status_changes_council).
      await db.schema.createIndex("status_changes_collected_18b").on("status_changes").column("collected_at").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("status_changes_collected_18b").ifExists().execute();
      await db.schema.dropIndex("current_results_control_18b").ifExists().execute();
    },
  };
}
