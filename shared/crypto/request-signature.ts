// Device request signing (GET /v1/policy): an Ed25519 signature over method, path, time, nonce and body hash.
import { randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { AppError } from "../errors.js";
import { sha256Hex, signBytes, verifyBytes } from "./ed25519.js";

export const REQUEST_HEADERS = {
  device: "x-ward-device",
  timestamp: "x-ward-timestamp",
  nonce: "x-ward-nonce",
  signature: "x-ward-signature",
} as const;

/** How far a request's timestamp may be from the collector's clock, either way. */
export const MAX_REQUEST_SKEW_MS = 5 * 60 * 1000;

export interface RequestParts {
  method: string;
  /** The request target as sent: path and query, e.g. "/v1/policy". */
  path: string;
  /** ISO 8601 UTC time the request was signed. */
  timestamp: string;
  /** At least 128 bits of randomness, base64url; never reused. */
  nonce: string;
  /** Hex SHA-256 of the body bytes (of "" when there is none). */
  bodyHash: string;
}

/** The exact bytes signed: a version tag and each part on its own line. */
export function signingString(parts: RequestParts): string {
  return ["ward-request-v1", parts.method.toUpperCase(), parts.path, parts.timestamp, parts.nonce, parts.bodyHash].join(
    "\n",
  );
}

export function bodyHashOf(body: string | Uint8Array | undefined): string {
  return sha256Hex(body ?? "");
}

export function sign(parts: RequestParts, privateKey: KeyObject | string): string {
  return signBytes(Buffer.from(signingString(parts), "utf8"), privateKey);
}

export function verify(parts: RequestParts, signature: string, publicKey: KeyObject | string): boolean {
  return verifyBytes(Buffer.from(signingString(parts), "utf8"), signature, publicKey);
}

export interface SignRequestInput {
  deviceId: string;
  method: string;
  path: string;
  body?: string | Uint8Array;
  privateKey: KeyObject | string;
  now?: Date;
  nonce?: string;
}

/** The four headers a device adds to a signed request. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const parts: RequestParts = {
    method: input.method,
    path: input.path,
    timestamp: (input.now ?? new Date()).toISOString(),
    nonce: input.nonce ?? randomBytes(16).toString("base64url"),
    bodyHash: bodyHashOf(input.body),
  };
  return {
    [REQUEST_HEADERS.device]: input.deviceId,
    [REQUEST_HEADERS.timestamp]: parts.timestamp,
    [REQUEST_HEADERS.nonce]: parts.nonce,
    [REQUEST_HEADERS.signature]: sign(parts, input.privateKey),
  };
}

export interface SignedHeaders {
  deviceId: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** Reads the signed-request headers; throws AppError unauthorized naming the missing or malformed one. */
export function readSignedHeaders(headers: HeaderBag): SignedHeaders {
  const one = (name: string, pattern: RegExp): string => {
    const value = headers[name];
    if (typeof value !== "string" || value === "") {
      throw new AppError("unauthorized", `The request has no ${name} header: sign it with the device key.`);
    }
    if (!pattern.test(value)) throw new AppError("unauthorized", `The ${name} header is malformed.`);
    return value;
  };
  return {
    deviceId: one(REQUEST_HEADERS.device, /^dev_[A-Za-z0-9_-]{8,64}$/),
    timestamp: one(REQUEST_HEADERS.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/),
    nonce: one(REQUEST_HEADERS.nonce, /^[A-Za-z0-9_-]{22,128}$/),
    signature: one(REQUEST_HEADERS.signature, /^[A-Za-z0-9_-]{86}$/),
  };
}

/** Throws AppError unauthorized when the timestamp is further than `maxSkewMs` from `now`. */
export function assertFresh(timestamp: string, now: Date, maxSkewMs = MAX_REQUEST_SKEW_MS): void {
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || Math.abs(now.getTime() - at) > maxSkewMs) {
    throw new AppError(
      "unauthorized",
      `The request was signed at ${timestamp}, more than ${Math.round(maxSkewMs / 60000)} minutes from the collector's clock (${now.toISOString()}): check the device's clock and send a freshly signed request.`,
    );
  }
}
