// Small wire primitives shared by every schema: timestamps, hashes, keys, bounded strings.
import { z } from "zod";

export const IsoDateTime = z.iso.datetime({ offset: true });
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (SHA-256)");
export const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, "must be base64url without padding");
/** A device-supplied string: bounded so hostile input cannot bloat storage; escaped wherever it is shown. */
export const DeviceText = (max = 256) => z.string().max(max);
/** A USB vendor or product id as agents report it and approved lists keep it: 4 lowercase hex digits (the one rule). */
export const UsbHex4 = z.string().regex(/^[0-9a-f]{4}$/, "must be 4 hex digits");
/** The same id as a person or a stored policy may write it, in either case: lowercased, then UsbHex4. */
export const HexId4 = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(UsbHex4);
