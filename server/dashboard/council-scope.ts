// The council and the device a dashboard request may see: found by id and in the user's scope, else 404 (no such page).
import type { Kysely } from "kysely";
import { AppError } from "../../shared/errors.js";
import type { Database } from "../db/schema.js";
import { type CouncilRow, findCouncilById } from "../stores/council-store.js";
import { type DeviceRow, findDevice } from "../stores/device-store.js";
import { assertCouncil, type DashUser } from "./access.js";

/** The council `id` names, when this user may see it; otherwise throws not_found (another council's data is a 404). */
export async function visibleCouncil(q: Kysely<Database>, user: DashUser, id: string): Promise<CouncilRow> {
  assertCouncil(user, id);
  const council = await findCouncilById(q, id);
  if (!council) throw new AppError("not_found", "There is no such page.");
  return council;
}

/** The device `id` names, when this user may see its council; another council's device answers 404 like a missing one. */
export async function visibleDevice(q: Kysely<Database>, user: DashUser, id: string): Promise<DeviceRow> {
  const device = await findDevice(q, id);
  if (!device) throw new AppError("not_found", "There is no such page.");
  assertCouncil(user, device.council_id);
  return device;
}
