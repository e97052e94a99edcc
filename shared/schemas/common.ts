// Small wire primitives shared by every schema: timestamps, hashes, keys, bounded strings.
import { z } from "zod";

export const IsoDateTime = z.iso.datetime({ offset: true });
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (SHA-256)");
export const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, "must be base64url without padding");
/** A device-supplied string: bounded so hostile input cannot bloat storage; escaped wherever it is shown. */
export const DeviceText = (max = 256) => z.string().max(max);
export const HexId4 = z
  .string()
  .regex(/^[0-9a-fA-F]{4}$/, "must be 4 hex digits")
  .transform((s) => s.toLowerCase());
