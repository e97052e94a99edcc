// The evidence pack's signature: accepted as signed; any changed, added or removed byte, another key, or a
// rewritten signature line refused.
import { describe, expect, it } from "vitest";
import { generateEd25519KeyPair, keyIdOf } from "../../shared/crypto/ed25519.js";
import { signPack, verifyPack } from "./signature.js";

const key = generateEd25519KeyPair();
const FIELDS = {
  councilId: "cou_1",
  council: "Wrentham Parish Council",
  from: "2025-12-04",
  to: "2026-12-03",
  generatedAt: "2026-12-03T10:00:00.000Z",
  generatedBy: "dsfm@wrentham.example",
};
const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n");

describe("evidence pack signature", () => {
  const signed = signPack(PDF, FIELDS, key);

  it("keeps the PDF's bytes first and says who signed what and when", () => {
    expect(signed.subarray(0, PDF.length).equals(PDF)).toBe(true);
    const r = verifyPack(signed, key.publicKey);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.signature.keyId).toBe(keyIdOf(key.publicKey));
      expect(r.signature).toMatchObject(FIELDS);
      expect(r.trusted).toBe(true);
    }
  });

  it("refuses every single-byte change, anywhere in the file", () => {
    for (let i = 0; i < signed.length; i++) {
      const changed = Buffer.from(signed);
      changed[i] = changed[i]! ^ 0x20;
      expect(verifyPack(changed, key.publicKey).ok, `byte ${i}`).toBe(false);
    }
  });

  it("refuses added or removed bytes, another collector's key, and an unsigned file", () => {
    expect(verifyPack(Buffer.concat([signed, Buffer.from("\n")]), key.publicKey).ok).toBe(false);
    expect(verifyPack(Buffer.concat([Buffer.from(" "), signed]), key.publicKey).ok).toBe(false);
    expect(verifyPack(signed.subarray(0, signed.length - 1), key.publicKey).ok).toBe(false);
    const other = generateEd25519KeyPair();
    const r = verifyPack(signed, other.publicKey);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain("not this collector's key");
    expect(verifyPack(PDF, key.publicKey)).toEqual({ ok: false, reason: expect.stringContaining("no Ward signature") });
  });

  it("refuses a re-signed pack that claims another council with a key that is not the collector's", () => {
    const forger = generateEd25519KeyPair();
    const forged = signPack(PDF, { ...FIELDS, council: "Another Council" }, forger);
    expect(verifyPack(forged, key.publicKey).ok).toBe(false);
    // Without a trusted key the signature still checks, and the result says the signer is not confirmed.
    const r = verifyPack(forged);
    expect(r.ok && r.trusted).toBe(false);
  });

  it("signs and verifies a document that does not end in a newline (red-team: it could never verify)", () => {
    const bare = Buffer.from("%PDF-1.7\n%%EOF", "latin1");
    const r = verifyPack(signPack(bare, FIELDS, key), key.publicKey);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.signature.bytes).toBe(bare.length + 1);
  });
});
