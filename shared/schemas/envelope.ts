// A signed payload on the wire: canonical JSON text, its Ed25519 signature, and which key made it.
import { z } from "zod";
import { Base64Url } from "./common.js";

/** Limit on one payload's size; a report of five controls is a few KB. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export const Envelope = z.object({
  /** The report (or policy) as canonical JSON text (RFC 8785), exactly the bytes that were signed. */
  payload: z.string().min(2).max(MAX_PAYLOAD_BYTES),
  /** Ed25519 signature of the payload's UTF-8 bytes, base64url (64 bytes, 86 characters). */
  signature: Base64Url.length(86, "must be an Ed25519 signature: 86 base64url characters"),
  /** Fingerprint of the signing public key (see keyIdOf). */
  keyId: z.string().regex(/^k1_[A-Za-z0-9_-]{22}$/, "must be a Ward key id (k1_…)"),
});
export type Envelope = z.infer<typeof Envelope>;
