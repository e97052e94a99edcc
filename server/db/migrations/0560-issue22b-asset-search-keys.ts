// Search keys beside the asset register's asset number and assigned user (issue 22b): "ZOË" finds Zoë on either database.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";
import { backfillKeys } from "./0550-issue22b-search-keys.js";

export function migration0560(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const column of ["asset_number_key", "assigned_user_key"])
        await db.schema
          .alterTable("device_assets")
          .addColumn(column, "text", (c) => c.notNull().defaultTo(""))
          .execute();
      await backfillAssetKeys(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("device_assets").dropColumn("assigned_user_key").execute();
      await db.schema.alterTable("device_assets").dropColumn("asset_number_key").execute();
    },
  };
}

/** Every asset record's keys from its asset number and assigned user (exported for the test that refills them). */
export async function backfillAssetKeys(db: Kysely<unknown>): Promise<void> {
  await backfillKeys(db, "device_assets", "device_id", "asset_number", "asset_number_key");
  await backfillKeys(db, "device_assets", "device_id", "assigned_user", "assigned_user_key");
}
