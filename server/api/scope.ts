// The council or device a token may see: the pages' own checks (404 across councils, exactly like a missing one).
import { AppError } from "../../shared/errors.js";
import { assertCouncil, type DashUser } from "../dashboard/access.js";
import type { ServiceContext } from "../services/context.js";
import { type CouncilRow, findCouncilById } from "../stores/council-store.js";
import type { DeviceRow } from "../stores/device-store.js";
import { findDevice } from "../stores/device-store.js";

/** By id only (never by name): a council role asking for another council's id gets the same 404 as a made-up id. */
export async function visibleCouncil(ctx: ServiceContext, user: DashUser, id: string): Promise<CouncilRow> {
  const c = await findCouncilById(ctx.db.kysely, id);
  if (!c) throw new AppError("not_found", "There is no such council.");
  try {
    assertCouncil(user, c.id);
  } catch {
    throw new AppError("not_found", "There is no such council.");
  }
  return c;
}

export async function visibleDevice(ctx: ServiceContext, user: DashUser, id: string): Promise<DeviceRow> {
  const d = await findDevice(ctx.db.kysely, id);
  if (!d) throw new AppError("not_found", "There is no such device.");
  try {
    assertCouncil(user, d.council_id);
  } catch {
    throw new AppError("not_found", "There is no such device.");
  }
  return d;
}
