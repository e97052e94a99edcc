// Signs an evidence pack's exact bytes and checks them. The signature is one PDF comment line appended after the
// file's final %%EOF: PDF readers ignore text after %%EOF, and the line is short enough that `startxref` stays in
// the tail readers search. Any changed, added or removed byte before or in that line makes `verify` refuse the file.
import { z } from "zod";
import { canonicalJson } from "../../shared/canonical-json.js";
import { keyIdOf, sha256Hex, signBytes, verifyBytes } from "../../shared/crypto/ed25519.js";
import type { KeyObject } from "node:crypto";

const PREFIX = "%WARD-SIGNATURE ";
/** Domain separation: a signature over a pack can never pass for a device report or a policy. */
const CONTEXT = "ward-evidence-pack-v1\n";

export const PackSignature = z.object({
  v: z.literal(1),
  alg: z.literal("Ed25519"),
  keyId: z.string().regex(/^k1_[A-Za-z0-9_-]{22}$/),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  councilId: z.string().max(100),
  council: z.string().max(200),
  from: z.iso.date(),
  to: z.iso.date(),
  generatedAt: z.iso.datetime(),
  generatedBy: z.string().max(320),
  bytes: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type PackSignature = z.infer<typeof PackSignature>;
export type SignedFields = Omit<PackSignature, "v" | "alg" | "keyId" | "bytes" | "sha256" | "signature" | "publicKey">;

function message(meta: Omit<PackSignature, "signature">): Buffer {
  return Buffer.from(CONTEXT + canonicalJson(meta), "utf8");
}

/** The PDF with its signature line appended. */
export function signPack(
  pdf: Buffer,
  fields: SignedFields,
  key: { privateKey: KeyObject | string; publicKey: string },
): Buffer {
  // The signature line must start a line; a PDF that does not end in a newline gets one, and that byte is signed too
  // (it was once added after signing, so such a pack could never verify).
  const doc = pdf[pdf.length - 1] === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from("\n")]);
  const meta: Omit<PackSignature, "signature"> = {
    v: 1,
    alg: "Ed25519",
    keyId: keyIdOf(key.publicKey),
    publicKey: key.publicKey,
    ...fields,
    council: fields.council.slice(0, 200),
    generatedBy: fields.generatedBy.slice(0, 320),
    bytes: doc.length,
    sha256: sha256Hex(doc),
  };
  const signed: PackSignature = { ...meta, signature: signBytes(message(meta), key.privateKey) };
  return Buffer.concat([doc, Buffer.from(`${PREFIX}${canonicalJson(signed)}\n`, "utf8")]);
}

export type VerifyResult = { ok: true; signature: PackSignature; trusted: boolean } | { ok: false; reason: string };

/**
 * Checks a signed pack. `trustedKey` is the collector's public key; without it the signature is checked against
 * the key it names, and the result says the signer is not confirmed.
 */
export function verifyPack(file: Buffer, trustedKey?: string): VerifyResult {
  if (file.length < 2 || file[file.length - 1] !== 0x0a)
    return { ok: false, reason: "the file does not end with Ward's signature line" };
  const start = file.lastIndexOf(Buffer.from(`\n${PREFIX}`), file.length - 2);
  if (start < 0)
    return {
      ok: false,
      reason: "the file carries no Ward signature (it was not produced by Ward, or the signature was removed)",
    };
  const line = file.subarray(start + 1 + PREFIX.length, file.length - 1).toString("utf8");
  let sig: PackSignature;
  try {
    sig = PackSignature.parse(JSON.parse(line));
  } catch {
    return { ok: false, reason: "the signature line is damaged" };
  }
  // Canonical JSON, and base64url with no spare bits set: the line has exactly one spelling.
  const exact = (b64: string) => Buffer.from(b64, "base64url").toString("base64url") === b64;
  if (canonicalJson(sig) !== line || !exact(sig.signature) || !exact(sig.publicKey))
    return { ok: false, reason: "the signature line was changed" };
  const pdf = file.subarray(0, start + 1);
  if (pdf.length !== sig.bytes)
    return { ok: false, reason: `the document is ${pdf.length} bytes long, but ${sig.bytes} bytes were signed` };
  if (sha256Hex(pdf) !== sig.sha256)
    return { ok: false, reason: "the document's bytes were changed after it was signed" };
  if (keyIdOf(sig.publicKey) !== sig.keyId)
    return { ok: false, reason: "the signature names a key whose fingerprint does not match" };
  if (trustedKey && sig.publicKey !== trustedKey) {
    return {
      ok: false,
      reason: `it was signed by key ${sig.keyId}, which is not this collector's key ${keyIdOf(trustedKey)}`,
    };
  }
  const { signature, ...meta } = sig;
  if (!verifyBytes(message(meta), signature, sig.publicKey))
    return { ok: false, reason: "the signature does not match the document" };
  return { ok: true, signature: sig, trusted: Boolean(trustedKey) };
}
