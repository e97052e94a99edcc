// Ed25519 keys, signatures and fingerprints with node:crypto; keys travel as raw 32-byte base64url strings.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { AppError } from "../errors.js";

// DER prefixes that wrap a raw 32-byte Ed25519 key (RFC 8410): SPKI for public keys, PKCS#8 for private seeds.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface Ed25519KeyPair {
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  /** Raw 32-byte private seed, base64url. A secret: never log it. */
  privateKey: string;
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  return { publicKey: exportPublicKey(publicKey), privateKey: exportPrivateKey(privateKey) };
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new AppError("signature_invalid", "an Ed25519 public key is 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new AppError("signature_invalid", "an Ed25519 private key is 32 bytes");
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** Imported keys by their base64url text: a collector verifies many envelopes per device key (bounded, FIFO). */
const importedKeys = new Map<string, KeyObject>();
const MAX_IMPORTED_KEYS = 20_000;

export function importPublicKey(b64u: string): KeyObject {
  const cached = importedKeys.get(b64u);
  if (cached) return cached;
  const key = publicKeyFromRaw(decodeBase64Url(b64u, "public key"));
  if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.delete(importedKeys.keys().next().value as string);
  importedKeys.set(b64u, key);
  return key;
}

export function importPrivateKey(b64u: string): KeyObject {
  return privateKeyFromSeed(decodeBase64Url(b64u, "private key"));
}

/** The raw public key of a public key, or of the public half of a private key. */
export function exportPublicKey(key: KeyObject): string {
  if (key.type === "private") key = createPublicKey(key);
  return key.export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length).toString("base64url");
}

export function exportPrivateKey(key: KeyObject): string {
  return key.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_PREFIX.length).toString("base64url");
}

export function signBytes(data: Uint8Array, privateKey: KeyObject | string): string {
  const key = typeof privateKey === "string" ? importPrivateKey(privateKey) : privateKey;
  return sign(null, data, key).toString("base64url");
}

/** True only for a valid signature; malformed keys or signatures are false, never a throw. */
export function verifyBytes(data: Uint8Array, signature: string, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === "string" ? importPublicKey(publicKey) : publicKey;
    const sig = Buffer.from(signature, "base64url");
    if (sig.length !== 64) return false;
    return verify(null, data, key, sig);
  } catch {
    return false;
  }
}

/** Key id: "k1_" + base64url of the first 16 bytes of SHA-256 over the raw public key. */
export function keyIdOf(publicKey: string): string {
  // The collector asks once per envelope of a batch, always with the same key: the last answer is kept.
  if (publicKey === lastKeyId[0]) return lastKeyId[1];
  const raw = decodeBase64Url(publicKey, "public key");
  const keyId = `k1_${createHash("sha256").update(raw).digest().subarray(0, 16).toString("base64url")}`;
  lastKeyId = [publicKey, keyId];
  return keyId;
}
let lastKeyId: [string, string] = ["", ""];

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function decodeBase64Url(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new AppError("signature_invalid", `${what} is not base64url`);
  return Buffer.from(text, "base64url");
}
