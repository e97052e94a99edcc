// Random identifiers and secrets: prefixed base64url, so a glance tells a council id from a device id.
import { randomBytes } from "node:crypto";

/** `prefix_` + base64url of `bytes` random bytes (16 bytes = 128 bits by default). */
export function newId(prefix: string, bytes = 16): string {
  return `${prefix}_${randomBytes(bytes).toString("base64url")}`;
}

/** Device ids match DeviceId in shared/schemas/report.ts: dev_ + 22 base64url characters. */
export const newDeviceId = () => newId("dev");
/** Enrolment tokens: 256 bits of randomness, matching EnrollToken in shared/schemas/api.ts. */
export const newEnrolToken = () => newId("wet", 32);
