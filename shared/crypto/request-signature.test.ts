// Device request signing: what is signed, what breaks a signature, and how headers are read and checked.
import { describe, expect, it } from "vitest";
import { generateEd25519KeyPair } from "./ed25519.js";
import {
  assertFresh,
  bodyHashOf,
  readSignedHeaders,
  type RequestParts,
  sign,
  signingString,
  signRequest,
  verify,
} from "./request-signature.js";

const keys = generateEd25519KeyPair();
const parts: RequestParts = {
  method: "GET",
  path: "/v1/policy",
  timestamp: "2026-11-22T09:00:00.000Z",
  nonce: "AAAAAAAAAAAAAAAAAAAAAA",
  bodyHash: bodyHashOf(undefined),
};

describe("request signatures", () => {
  it("sign a versioned, line-separated string of method, path, time, nonce and body hash", () => {
    expect(signingString({ ...parts, method: "get" })).toBe(
      `ward-request-v1\nGET\n/v1/policy\n2026-11-22T09:00:00.000Z\nAAAAAAAAAAAAAAAAAAAAAA\n${bodyHashOf("")}`,
    );
    expect(bodyHashOf("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("verify with the signing key, and fail when any part or the key changes", () => {
    const sig = sign(parts, keys.privateKey);
    expect(verify(parts, sig, keys.publicKey)).toBe(true);
    for (const change of [
      { method: "POST" },
      { path: "/v1/policy?x" },
      { timestamp: "2026-11-22T09:00:01.000Z" },
      { nonce: "B".repeat(22) },
      { bodyHash: bodyHashOf("x") },
    ]) {
      expect(verify({ ...parts, ...change }, sig, keys.publicKey)).toBe(false);
    }
    expect(verify(parts, sig, generateEd25519KeyPair().publicKey)).toBe(false);
    expect(verify(parts, "garbage", keys.publicKey)).toBe(false);
  });

  it("signRequest produces headers that readSignedHeaders accepts and that verify", () => {
    const now = new Date("2026-11-22T09:00:00.000Z");
    const headers = signRequest({
      deviceId: "dev_AAAAAAAAAAAAAAAAAAAAAA",
      method: "GET",
      path: "/v1/policy",
      privateKey: keys.privateKey,
      now,
    });
    const h = readSignedHeaders(headers);
    expect(h.deviceId).toBe("dev_AAAAAAAAAAAAAAAAAAAAAA");
    expect(h.timestamp).toBe(now.toISOString());
    expect(Buffer.from(h.nonce, "base64url")).toHaveLength(16);
    const ok = verify(
      { method: "GET", path: "/v1/policy", timestamp: h.timestamp, nonce: h.nonce, bodyHash: bodyHashOf(undefined) },
      h.signature,
      keys.publicKey,
    );
    expect(ok).toBe(true);
    const again = signRequest({
      deviceId: "dev_AAAAAAAAAAAAAAAAAAAAAA",
      method: "GET",
      path: "/v1/policy",
      privateKey: keys.privateKey,
      now,
    });
    expect(again["x-ward-nonce"]).not.toBe(headers["x-ward-nonce"]);
  });

  it("readSignedHeaders names a missing or malformed header", () => {
    expect(() => readSignedHeaders({})).toThrow(/no x-ward-device header/);
    const good = signRequest({
      deviceId: "dev_AAAAAAAAAAAAAAAAAAAAAA",
      method: "GET",
      path: "/",
      privateKey: keys.privateKey,
    });
    expect(() => readSignedHeaders({ ...good, "x-ward-timestamp": "yesterday" })).toThrow(
      /x-ward-timestamp header is malformed/,
    );
    expect(() => readSignedHeaders({ ...good, "x-ward-nonce": "short" })).toThrow(/x-ward-nonce/);
    expect(() => readSignedHeaders({ ...good, "x-ward-device": ["a", "b"] })).toThrow(/x-ward-device/);
  });

  it("assertFresh allows five minutes either way and no more", () => {
    const now = new Date("2026-11-22T09:00:00.000Z");
    expect(() => assertFresh("2026-11-22T08:55:00.000Z", now)).not.toThrow();
    expect(() => assertFresh("2026-11-22T09:05:00.000Z", now)).not.toThrow();
    expect(() => assertFresh("2026-11-22T08:54:59.999Z", now)).toThrow(/check the device's clock/);
    expect(() => assertFresh("2026-11-22T09:05:00.001Z", now)).toThrow(/more than 5 minutes/);
  });
});
