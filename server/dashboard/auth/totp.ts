// TOTP (RFC 6238: SHA-1, 6 digits, 30 s) through otpauth: new secrets, otpauth:// URIs, and codes accepted once.
import { Secret, TOTP } from "otpauth";

const PERIOD_S = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, email: string): TOTP {
  return new TOTP({
    issuer: "Ward",
    label: email,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_S,
  });
}

/** What an authenticator app scans: otpauth://totp/Ward:<email>?secret=…&issuer=Ward… */
export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/** The code for a time (tests and the demo's self-check). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret, "x").generate({ timestamp: at.getTime() });
}

/**
 * The time step a code belongs to (one step of clock drift either way), or null. The caller refuses a step at or
 * before the last one accepted, so a code seen over someone's shoulder cannot be used again.
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret, "x").validate({ token, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD_S) + delta;
}
