// POST /v1/enroll: a token enrols a device (or re-enrols known hardware with a new key) in the token's council.
import { importPublicKey, keyIdOf } from "../../shared/crypto/ed25519.js";
import { AppError } from "../../shared/errors.js";
import { EnrollRequest, type EnrollResponse } from "../../shared/schemas/api.js";
import type { Database } from "../db/schema.js";
import type { Kysely } from "kysely";
import { newDeviceId, newId } from "../ids.js";
import { findCouncil } from "../stores/council-store.js";
import {
  type DeviceRow,
  findDeviceByHardware,
  insertDevice,
  insertEnrolment,
  updateDevice,
} from "../stores/device-store.js";
import { insertIntegrityEvent } from "../stores/event-store.js";
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
    throw new AppError("schema_invalid", "publicKey is not an Ed25519 public key: send the raw 32-byte key, base64url.");
  }
  const keyId = keyIdOf(req.publicKey);
  const now = ctx.clock.now().toISOString();
  const { device, council, reenrolled } = await ctx.db.kysely.transaction().execute(async (trx) => {
    const token = await usableToken(trx, req.token, now);
    const council = await findCouncil(trx, token.council_id);
    if (!council) throw new AppError("internal", "token's council is missing");
    const clash = await trx.selectFrom("devices").select("id").where("key_id", "=", keyId).executeTakeFirst();
    const existing = identifiesHardware(req.inventory.serial)
      ? await findDeviceByHardware(
          trx,
          ctx.db.dialect,
          council.id,
          storableText(req.inventory.serial),
          storableText(req.inventory.manufacturer),
        )
      : undefined;
    if (existing && existing.key_id === keyId) {
      // A retry after a lost answer: the same hardware and key. Nothing changes and no use is counted.
      return { device: existing, council, reenrolled: false };
    }
    if (clash) {
      throw new AppError(
        "conflict",
        `This public key is already enrolled as device ${clash.id}. A cloned disk image shares its key: delete the agent's key file on this computer and enrol again.`,
      );
    }
    if (!(await consumeTokenUse(trx, token.id, now))) throw tokenRefused("has no uses left");
    const fields = deviceFields(req, keyId, now);
    if (existing) {
      await updateDevice(trx, existing.id, { ...fields, last_seq: 0, last_hash: null, results_hash: null });
      await recordEnrolment(trx, existing.id, council.id, token, keyId, existing.key_id, now);
      await insertIntegrityEvent(trx, {
        id: newId("evt"),
        device_id: existing.id,
        council_id: council.id,
        kind: "re-enrol",
        seq: null,
        detail_json: JSON.stringify({ previousKeyId: existing.key_id, keyId, tokenId: token.id, serial: req.inventory.serial }),
        created_at: now,
        acknowledged_at: null,
      });
      return { device: { ...existing, ...fields }, council, reenrolled: true };
    }
    const device: DeviceRow = {
      id: newDeviceId(),
      council_id: council.id,
      ...fields,
      enrolled_at: now,
      last_seen_at: null,
      last_seq: 0,
      last_hash: null,
      results_hash: null,
      results_confirmed_at: null,
    };
    await insertDevice(trx, device);
    await recordEnrolment(trx, device.id, council.id, token, keyId, null, now);
    return { device, council, reenrolled: false };
  });
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

function deviceFields(req: EnrollRequest, keyId: string, now: string) {
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

async function recordEnrolment(
  q: Kysely<Database>,
  deviceId: string,
  councilId: string,
  token: TokenRow,
  keyId: string,
  previousKeyId: string | null,
  now: string,
): Promise<void> {
  await insertEnrolment(q, {
    id: newId("enr"),
    device_id: deviceId,
    council_id: councilId,
    token_id: token.id,
    key_id: keyId,
    previous_key_id: previousKeyId,
    kind: previousKeyId ? "re-enrol" : "new",
    enrolled_at: now,
  });
}
