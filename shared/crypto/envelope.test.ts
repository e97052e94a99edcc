// Sealing and opening signed envelopes: tampering, wrong keys, non-canonical payloads and bad schemas are refused.
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { Report } from "../schemas/report.js";
import { sampleReport } from "../testing/sample-report.js";
import { generateEd25519KeyPair } from "./ed25519.js";
import { open, payloadHash, seal } from "./envelope.js";

const key = generateEd25519KeyPair();

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected an AppError");
}

describe("envelope", () => {
  it("round-trips a report", () => {
    const env = seal(sampleReport(), key);
    expect(open(env, key.publicKey, Report)).toEqual(sampleReport());
    expect(payloadHash(env)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("flipping one byte of the payload fails verification", () => {
    const env = seal(sampleReport(), key);
    const i = env.payload.indexOf("clerk-laptop");
    const tampered = { ...env, payload: `${env.payload.slice(0, i)}C${env.payload.slice(i + 1)}` };
    expect(errorOf(() => open(tampered, key.publicKey, Report)).code).toBe("signature_invalid");
  });

  it("a signature by another key is refused", () => {
    const other = generateEd25519KeyPair();
    const env = seal(sampleReport(), other);
    expect(errorOf(() => open(env, key.publicKey, Report)).message).toMatch(/different key/);
    // Same key id claimed, but the bytes were signed by someone else.
    expect(errorOf(() => open({ ...env, keyId: seal({}, key).keyId }, key.publicKey, Report)).code).toBe(
      "signature_invalid",
    );
  });

  it("a signed but malformed report is refused with the path of the bad field", () => {
    const env = seal({ ...sampleReport(), seq: 0 }, key);
    const err = errorOf(() => open(env, key.publicKey, Report));
    expect(err.code).toBe("schema_invalid");
    expect(err.message).toContain("seq");
  });
});
