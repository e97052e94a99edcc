// Nonces of signed device requests, kept until they could no longer pass the freshness check.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { isUniqueViolation } from "../db/errors.js";

/** Records a nonce; false when this device used it before (a replayed request). */
export async function rememberNonce(
  q: Kysely<Database>,
  deviceId: string,
  nonce: string,
  expiresAt: string,
): Promise<boolean> {
  try {
    await q.insertInto("request_nonces").values({ device_id: deviceId, nonce, expires_at: expiresAt }).execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
