// Sealing a value into a signed envelope and opening one: signature first, then canonical form, then schema.
import type { KeyObject } from "node:crypto";
import type { z } from "zod";
import { canonicalJson, parseCanonicalJson } from "../canonical-json.js";
import { AppError } from "../errors.js";
import type { Envelope } from "../schemas/envelope.js";
import { keyIdOf, sha256Hex, signBytes, verifyBytes } from "./ed25519.js";
import { formatZodError } from "../zod-error.js";

export interface SigningKey {
  privateKey: KeyObject | string;
  publicKey: string;
}

export function seal(value: unknown, key: SigningKey): Envelope {
  const payload = canonicalJson(value);
  return { payload, signature: signBytes(Buffer.from(payload, "utf8"), key.privateKey), keyId: keyIdOf(key.publicKey) };
}

/** Hash of an envelope's payload: the chain link the next report names as prevHash. */
export function payloadHash(envelope: Pick<Envelope, "payload">): string {
  return sha256Hex(Buffer.from(envelope.payload, "utf8"));
}

/**
 * Verifies the signature with the expected key, then parses the canonical payload against a schema.
 * Throws AppError: signature_invalid (wrong key or tampered bytes), canonical_invalid, or schema_invalid with the path.
 */
export function open<S extends z.ZodType>(envelope: Envelope, publicKey: string, schema: S): z.infer<S> {
  return openChecked(envelope, publicKey, schema, (e) =>
    verifyBytes(Buffer.from(e.payload, "utf8"), e.signature, publicKey),
  );
}

/**
 * open() with the signature already checked elsewhere (the collector verifies on worker threads): `signatureValid`
 * is that verdict, or a function asked only after the key id matched. Same checks, same order, same errors.
 */
export function openChecked<S extends z.ZodType>(
  envelope: Envelope,
  publicKey: string,
  schema: S,
  signatureValid: boolean | ((envelope: Envelope) => boolean),
): z.infer<S> {
  if (envelope.keyId !== keyIdOf(publicKey)) {
    throw new AppError("signature_invalid", "signed by a different key than the one registered", {
      details: { keyId: envelope.keyId },
    });
  }
  if (!(typeof signatureValid === "function" ? signatureValid(envelope) : signatureValid)) {
    throw new AppError("signature_invalid", "signature does not match the payload: it was altered or forged");
  }
  const parsed = schema.safeParse(parseCanonicalJson(envelope.payload));
  if (!parsed.success) {
    throw new AppError("schema_invalid", `payload ${formatZodError(parsed.error)}`, {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}
