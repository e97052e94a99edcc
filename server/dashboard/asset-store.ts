// The asset register's writes: asset number, assigned user and location of a device, with who changed them last.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { searchKey } from "../stores/search-key.js";

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
  const row = {
    ...values,
    asset_number_key: searchKey(values.asset_number),
    assigned_user_key: searchKey(values.assigned_user),
  };
  await q
    .insertInto("device_assets")
    .values({ device_id: deviceId, ...row, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.column("device_id").doUpdateSet({ ...row, updated_at: now, updated_by: by }))
    .execute();
}
