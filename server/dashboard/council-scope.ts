// The council a dashboard request may see: found by id and in the user's scope, else 404 like a page that is not there.
import type { Kysely } from "kysely";
import { AppError } from "../../shared/errors.js";
import type { Database } from "../db/schema.js";
import { type CouncilRow, findCouncilById } from "../stores/council-store.js";
import { assertCouncil, type DashUser } from "./access.js";

/** The council `id` names, when this user may see it; otherwise throws not_found (another council's data is a 404). */
export async function visibleCouncil(q: Kysely<Database>, user: DashUser, id: string): Promise<CouncilRow> {
  assertCouncil(user, id);
  const council = await findCouncilById(q, id);
  if (!council) throw new AppError("not_found", "There is no such page.");
  return council;
}
