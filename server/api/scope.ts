// The council or device a token may see: the pages' own checks (404 across councils, exactly like a missing one).
import { AppError } from "../../shared/errors.js";
import { assertCouncil, type DashUser } from "../dashboard/access.js";
import type { ServiceContext } from "../services/context.js";
import { type CouncilRow, findCouncilById } from "../stores/council-store.js";
import { type DeviceRow, findDevice } from "../stores/device-store.js";

/** By id only (never by name): a council role asking for another council's id gets the same 404 as a made-up id. */
export async function visibleCouncil(ctx: ServiceContext, user: DashUser, id: string): Promise<CouncilRow> {
  return visible(await findCouncilById(ctx.db.kysely, id), (c) => c.id, user, "council");
}

export async function visibleDevice(ctx: ServiceContext, user: DashUser, id: string): Promise<DeviceRow> {
  return visible(await findDevice(ctx.db.kysely, id), (d) => d.council_id, user, "device");
}

/** The row when it exists and its council is this user's to see; otherwise "There is no such …" (404). */
function visible<T>(row: T | undefined, councilOf: (row: T) => string, user: DashUser, what: string): T {
  if (row) {
    try {
      assertCouncil(user, councilOf(row));
      return row;
    } catch {
      // Another council's: answered exactly like one that does not exist.
    }
  }
  throw new AppError("not_found", `There is no such ${what}.`);
}
