// POST /v1/enroll: a token enrols a device; known hardware with a new key waits for approval (or a device token).
import { importPublicKey, keyIdOf } from "../../shared/crypto/ed25519.js";
import { AppError } from "../../shared/errors.js";
import { EnrollRequest, type EnrollResponse } from "../../shared/schemas/api.js";
import type { Database } from "../db/schema.js";
import type { Kysely } from "kysely";
import { newDeviceId, newId } from "../ids.js";
import { type CouncilRow, findCouncil } from "../stores/council-store.js";
import { findPendingRequest, insertReenrolRequest, supersedePendingRequests } from "../stores/reenrol-store.js";
import {
  type DeviceRow,
  findDevice,
  findDeviceByHardware,
  findDeviceIdByKey,
  insertDevice,
  insertEnrolment,
  updateDevice,
} from "../stores/device-store.js";
import { insertIntegrityEvent } from "../stores/event-store.js";
import { searchKey } from "../stores/search-key.js";
import { consumeTokenUse, findTokenByHash, type TokenRow } from "../stores/token-store.js";
import { hashToken } from "./admin.js";
import { storableText } from "./device-text.js";
import type { ServiceContext } from "./context.js";
import { parseWith } from "./parse.js";
import { sealedPolicy } from "./policy.js";

// Serials that firmware fills in when the maker set none: they identify nothing, so such hardware is never matched.
const PLACEHOLDER_SERIALS = new Set([
  "",
  "0",
  "none",
  "n/a",
  "na",
  "default string",
  "to be filled by o.e.m.",
  "system serial number",
  "not specified",
  "not applicable",
  "0123456789",
  "unknown",
]);

export function identifiesHardware(serial: string): boolean {
  const s = serial.trim().toLowerCase();
  return s.length >= 3 && !PLACEHOLDER_SERIALS.has(s) && !/^0+$/.test(s);
}

export async function enroll(ctx: ServiceContext, body: unknown): Promise<EnrollResponse> {
  const req = parseWith(EnrollRequest, body, "enrolment request");
  try {
    importPublicKey(req.publicKey);
  } catch {
    throw new AppError(
      "schema_invalid",
      "publicKey is not an Ed25519 public key: send the raw 32-byte key, base64url.",
    );
  }
  const keyId = keyIdOf(req.publicKey);
  const now = ctx.clock.now().toISOString();
  const outcome = await ctx.db.kysely.transaction().execute(async (trx): Promise<Outcome> => {
    const token = await usableToken(trx, req.token, now);
    const council = await findCouncil(trx, token.council_id);
    if (!council) throw new AppError("internal", "token's council is missing");
    const clash = await findDeviceIdByKey(trx, keyId);
    // A token issued for one device (`token create --device`) re-enrols that device, whatever its serial says now.
    const bound = token.device_id ? await findDevice(trx, token.device_id) : undefined;
    if (token.device_id && !bound) throw tokenRefused("was issued for a device that no longer exists");
    const existing =
      bound ??
      (identifiesHardware(req.inventory.serial)
        ? await findDeviceByHardware(
            trx,
            ctx.db.dialect,
            council.id,
            storableText(req.inventory.serial),
            storableText(req.inventory.manufacturer),
          )
        : undefined);
    if (existing && existing.key_id === keyId) {
      // A retry after a lost answer, or after a re-enrolment was approved: the same hardware and key. Nothing
      // changes and no use is counted.
      return { kind: "enrolled", device: existing, council, reenrolled: false };
    }
    if (clash) {
      throw new AppError(
        "conflict",
        `This public key is already enrolled as device ${clash.id}. A cloned disk image shares its key: delete the agent's key file on this computer and enrol again.`,
      );
    }
    if (existing && !bound) {
      // Known hardware, a new key, an ordinary token: the serial and maker are printed on the laptop, so this alone
      // never replaces a key. It waits for a provider admin; the old key keeps working; the IT provider hears now.
      const pending = await findPendingRequest(trx, existing.id, keyId);
      if (pending) return { kind: "pending", requestId: pending.id, deviceId: existing.id };
      if (!(await consumeTokenUse(trx, token.id, now))) throw tokenRefused("has no uses left");
      const request = {
        id: newId("ren"),
        device_id: existing.id,
        council_id: council.id,
        token_id: token.id,
        public_key: req.publicKey,
        key_id: keyId,
        request_json: JSON.stringify({ os: req.os, inventory: req.inventory, agentVersion: req.agentVersion }),
        requested_at: now,
        status: "pending" as const,
        decided_at: null,
        decided_by: null,
      };
      await insertReenrolRequest(trx, request);
      const detail = {
        requestId: request.id,
        keyId,
        tokenId: token.id,
        hostname: storableText(req.inventory.hostname),
        serial: storableText(req.inventory.serial),
      };
      await insertIntegrityEvent(trx, {
        id: newId("evt"),
        device_id: existing.id,
        council_id: council.id,
        kind: "re-enrol-request",
        seq: null,
        detail_json: JSON.stringify(detail),
        created_at: now,
        acknowledged_at: null,
      });
      await ctx.hooks.reenrolment(trx, { device: existing, kind: "requested", detail });
      return { kind: "pending", requestId: request.id, deviceId: existing.id };
    }
    if (!(await consumeTokenUse(trx, token.id, now))) throw tokenRefused("has no uses left");
    const fields = deviceFields(req, keyId, now);
    if (existing) {
      await replaceDeviceKey(ctx, trx, existing, fields, { tokenId: token.id, how: "device token", now });
      return { kind: "enrolled", device: { ...existing, ...fields }, council, reenrolled: true };
    }
    const device: DeviceRow = {
      id: newDeviceId(),
      council_id: council.id,
      ...fields,
      hostname_key: searchKey(fields.hostname),
      enrolled_at: now,
      last_seen_at: null,
      last_seq: 0,
      last_hash: null,
      results_hash: null,
      results_confirmed_at: null,
      key_replaced_at: null,
      policy_version: null,
    };
    await insertDevice(trx, device);
    await recordEnrolment(trx, device.id, council.id, token.id, keyId, null, now);
    return { kind: "enrolled", device, council, reenrolled: false };
  });
  if (outcome.kind === "pending") {
    ctx.logger.warn("re-enrolment of known hardware with a new key is waiting for approval", {
      deviceId: outcome.deviceId,
      keyId,
      requestId: outcome.requestId,
    });
    throw new AppError(
      "conflict",
      "This computer is already enrolled with another key. Your IT provider has been asked to approve the new key on the Ward dashboard; the agent keeps asking and starts reporting once they have (or they can give you a re-enrolment token for this device).",
      { status: 409, details: { reenrolment: "pending", requestId: outcome.requestId, deviceId: outcome.deviceId } },
    );
  }
  const { device, council, reenrolled } = outcome;
  ctx.logger.info(reenrolled ? "device re-enrolled with a new key" : "device enrolled", {
    deviceId: device.id,
    councilId: council.id,
    keyId,
  });
  return {
    deviceId: device.id,
    councilId: council.id,
    councilName: council.name,
    collectorPublicKey: ctx.key.publicKey,
    policy: sealedPolicy(council, ctx.key),
    reenrolled,
  };
}

async function usableToken(q: Kysely<Database>, token: string, now: string): Promise<TokenRow> {
  const row = await findTokenByHash(q, hashToken(token));
  if (!row) throw tokenRefused("is not known to this collector");
  if (row.revoked_at !== null) throw tokenRefused("was revoked");
  if (row.expires_at <= now) throw tokenRefused(`expired at ${row.expires_at}`);
  // Uses are checked when one is counted: a retry of an enrolment that already took the last use still succeeds.
  return row;
}

function tokenRefused(why: string): AppError {
  return new AppError("unauthorized", `The enrolment token ${why}. Ask your IT provider for a new token.`);
}

export function deviceFields(req: EnrollRequest, keyId: string, now: string) {
  return {
    public_key: req.publicKey,
    key_id: keyId,
    hostname: storableText(req.inventory.hostname),
    serial: storableText(req.inventory.serial),
    manufacturer: storableText(req.inventory.manufacturer),
    model: storableText(req.inventory.model),
    os_platform: req.os.platform,
    os_name: storableText(req.os.name),
    os_version: storableText(req.os.version),
    os_build: storableText(req.os.build),
    agent_version: storableText(req.agentVersion),
    last_seen_at: now,
  };
}

type Outcome =
  | { kind: "enrolled"; device: DeviceRow; council: CouncilRow; reenrolled: boolean }
  | { kind: "pending"; requestId: string; deviceId: string };

/**
 * Gives a known device its new key (an approved request, or a device token): a new chain at seq 1, the enrolment
 * and an integrity event recorded, the overview's "key replaced" mark set, and the IT provider alerted.
 */
export async function replaceDeviceKey(
  ctx: Pick<ServiceContext, "hooks">,
  trx: Kysely<Database>,
  existing: DeviceRow,
  fields: ReturnType<typeof deviceFields>,
  how: { tokenId: string; how: "device token" | "approved"; approvedBy?: string; now: string },
): Promise<void> {
  await updateDevice(trx, existing.id, {
    ...fields,
    last_seq: 0,
    last_hash: null,
    results_hash: null,
    key_replaced_at: how.now,
  });
  await supersedePendingRequests(trx, existing.id, null, how.now);
  await recordEnrolment(trx, existing.id, existing.council_id, how.tokenId, fields.key_id, existing.key_id, how.now);
  const detail = {
    previousKeyId: existing.key_id,
    keyId: fields.key_id,
    tokenId: how.tokenId,
    how: how.how,
    ...(how.approvedBy ? { approvedBy: how.approvedBy } : {}),
  };
  await insertIntegrityEvent(trx, {
    id: newId("evt"),
    device_id: existing.id,
    council_id: existing.council_id,
    kind: "re-enrol",
    seq: null,
    detail_json: JSON.stringify(detail),
    created_at: how.now,
    acknowledged_at: null,
  });
  await ctx.hooks.reenrolment(trx, { device: existing, kind: "replaced", detail });
}

async function recordEnrolment(
  q: Kysely<Database>,
  deviceId: string,
  councilId: string,
  tokenId: string,
  keyId: string,
  previousKeyId: string | null,
  now: string,
): Promise<void> {
  await insertEnrolment(q, {
    id: newId("enr"),
    device_id: deviceId,
    council_id: councilId,
    token_id: tokenId,
    key_id: keyId,
    previous_key_id: previousKeyId,
    kind: previousKeyId ? "re-enrol" : "new",
    enrolled_at: now,
  });
}
