// Random identifiers and secrets: prefixed base64url, so a glance tells a council id from a device id.
import { randomFillSync } from "node:crypto";

/**
 * Random bytes are drawn from the CSPRNG 4 KB at a time and handed out once each (the ingest makes an id per
 * envelope, and one call per id cost more than the id). Every byte is used for one id only, never again.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomBase64Url(bytes: number): string {
  if (bytes > pool.length) return randomFillSync(Buffer.alloc(bytes)).toString("base64url");
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const out = pool.toString("base64url", used, used + bytes);
  // Handed-out bytes are wiped from the pool, so nothing later can read them from here.
  pool.fill(0, used, used + bytes);
  used += bytes;
  return out;
}

/** `prefix_` + base64url of `bytes` random bytes (16 bytes = 128 bits by default). */
export function newId(prefix: string, bytes = 16): string {
  return `${prefix}_${randomBase64Url(bytes)}`;
}

/**
 * An id that sorts by creation time: `prefix_` + the time in ms as 8 base-62 digits (which sort as ASCII does) + 12
 * random bytes. The ledger and raw envelopes are keyed by it, so each insert lands at the end of their id index
 * instead of on a random page: a database of millions of envelopes keeps inserting at the cost of a small one.
 */
export function newOrderedId(prefix: string, at = Date.now()): string {
  let time = "";
  for (let t = Math.max(0, Math.floor(at)), i = 0; i < 8; i++, t = Math.floor(t / 62)) time = BASE62[t % 62] + time;
  return `${prefix}_${time}${randomBase64Url(12)}`;
}
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Device ids match DeviceId in shared/schemas/report.ts: dev_ + 22 base64url characters. */
export const newDeviceId = () => newId("dev");
/** Enrolment tokens: 256 bits of randomness, matching EnrollToken in shared/schemas/api.ts. */
export const newEnrolToken = () => newId("wet", 32);
