// GET /v1/policy: authenticates a device's signed request and answers its council's policy, sealed by the collector.
import { seal } from "../../shared/crypto/envelope.js";
import { assertFresh, MAX_REQUEST_SKEW_MS, readSignedHeaders, verify } from "../../shared/crypto/request-signature.js";
import { bodyHashOf } from "../../shared/crypto/request-signature.js";
import { AppError } from "../../shared/errors.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { Policy } from "../../shared/schemas/policy.js";
import type { CouncilRow } from "../stores/council-store.js";
import { findCouncil } from "../stores/council-store.js";
import { type DeviceRow, findDevice } from "../stores/device-store.js";
import { rememberNonce } from "../stores/nonce-store.js";
import type { CollectorKey } from "./collector-key.js";
import type { ServiceContext } from "./context.js";

export function councilPolicy(council: CouncilRow): Policy {
  return Policy.parse(JSON.parse(council.policy_json));
}

/**
 * The council's policy as signed for its devices: always names the council (whatever the stored JSON says), so a
 * device of another council refuses it. Ed25519 signatures are deterministic: same policy and key, same envelope.
 */
export function sealedPolicy(council: CouncilRow, key: CollectorKey): Envelope {
  return seal({ ...councilPolicy(council), councilId: council.id }, key);
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as the client sent them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: string | Uint8Array;
}

/**
 * Checks, in order: headers present, timestamp within the allowed skew, device known, signature by the device's
 * registered key, and nonce never seen (stored in the database, so a replay to another instance fails too).
 */
export async function authenticateDevice(ctx: ServiceContext, req: SignedRequest): Promise<DeviceRow> {
  const h = readSignedHeaders(req.headers);
  const now = ctx.clock.now();
  assertFresh(h.timestamp, now);
  const device = await findDevice(ctx.db.kysely, h.deviceId);
  if (!device) {
    throw new AppError(
      "unauthorized",
      `Device ${h.deviceId} is not enrolled with this collector: enrol it with a token.`,
    );
  }
  const parts = {
    method: req.method,
    path: req.url,
    timestamp: h.timestamp,
    nonce: h.nonce,
    bodyHash: bodyHashOf(req.body),
  };
  if (!verify(parts, h.signature, device.public_key)) {
    throw new AppError(
      "signature_invalid",
      "The request signature does not match this device's registered key: sign method, path, timestamp, nonce and body hash with the device key.",
    );
  }
  // Nonces are kept for twice the skew: long enough that any request still fresh is remembered.
  const expiresAt = new Date(Date.parse(h.timestamp) + 2 * MAX_REQUEST_SKEW_MS).toISOString();
  if (!(await rememberNonce(ctx.db.kysely, device.id, h.nonce, expiresAt))) {
    throw new AppError(
      "unauthorized",
      "This request was already received (its nonce was used): sign a new request with a new nonce.",
    );
  }
  return device;
}

export async function policyForDevice(ctx: ServiceContext, req: SignedRequest): Promise<{ policy: Envelope }> {
  const device = await authenticateDevice(ctx, req);
  const council = await findCouncil(ctx.db.kysely, device.council_id);
  if (!council) throw new AppError("internal", "device's council is missing");
  return { policy: sealedPolicy(council, ctx.key) };
}
