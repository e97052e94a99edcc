// The asset register's writes: asset number, assigned user and location of a device, with who changed them last.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export interface AssetFields {
  asset_number: string;
  assigned_user: string;
  location: string;
}

export async function upsertDeviceAsset(
  q: Kysely<Database>,
  deviceId: string,
  values: AssetFields,
  by: string,
  now: string,
): Promise<void> {
  await q
    .insertInto("device_assets")
    .values({ device_id: deviceId, ...values, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.column("device_id").doUpdateSet({ ...values, updated_at: now, updated_by: by }))
    .execute();
}
