// The council's policy on the device: verified with the pinned collector key, kept on disk, refused when tampered.
import { AppError } from "../../shared/errors.js";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { open } from "../../shared/crypto/envelope.js";
import type { Logger } from "../../shared/logger.js";
import { Envelope } from "../../shared/schemas/envelope.js";
import { IsoDateTime } from "../../shared/schemas/common.js";
import { DEFAULT_POLICY, Policy } from "../../shared/schemas/policy.js";
import { readJsonFile, writeJsonFile } from "../state/atomic-file.js";

const policyPath = (stateDir: string) => join(stateDir, "policy.json");
const fetchedPath = (stateDir: string) => join(stateDir, "policy-fetched.json");
const refusedPath = (stateDir: string) => join(stateDir, "policy-refused.json");

/** When the stored policy was fetched and which version it was: what `ward status` shows the clerk. */
export const PolicyFetched = z.object({ version: z.number().int().min(1), fetchedAt: IsoDateTime });
export type PolicyFetched = z.infer<typeof PolicyFetched>;

export async function readPolicyFetched(stateDir: string): Promise<PolicyFetched | null> {
  try {
    return await readJsonFile(fetchedPath(stateDir), PolicyFetched);
  } catch {
    return null;
  }
}

/** The last signed policy this computer refused (another council's, an older version), until one is accepted. */
export const PolicyRefused = z.object({ at: IsoDateTime, reason: z.string().max(500) });
export type PolicyRefused = z.infer<typeof PolicyRefused>;

export async function readPolicyRefused(stateDir: string): Promise<PolicyRefused | null> {
  try {
    return await readJsonFile(refusedPath(stateDir), PolicyRefused);
  } catch {
    return null;
  }
}

/** Verifies a signed policy with the pinned key. Throws AppError (signature_invalid / schema_invalid) otherwise. */
export function verifyPolicy(envelope: Envelope, collectorPublicKey: string): Policy {
  return open(envelope, collectorPublicKey, Policy);
}

/**
 * Stores a policy the collector signed, and when it was fetched. Refused (the policy held stays in force, and the
 * refusal is recorded for `ward status`):
 * - a policy older than the one held, outside enrolment (`fresh`): a replayed signed policy (one whose USB approval
 *   was since revoked) must not roll the laptop back;
 * - a policy naming another council than `councilId`, the one this computer enrolled with (the collector signs every
 *   council's policy with the same key, so the signature alone does not say whose it is);
 * - a policy naming no council when the one held names one. Collectors older than the council field sign policies
 *   without it, so a laptop that has only ever seen those keeps accepting them (an agent updated before its collector
 *   keeps working); once a council-bound policy is held, the collector is known to send the field, and a policy
 *   without it can only be an old one replayed.
 */
export async function acceptPolicy(
  stateDir: string,
  envelope: Envelope,
  collectorPublicKey: string,
  opts: { fresh?: boolean; now?: Date; councilId?: string } = {},
): Promise<Policy> {
  const now = opts.now ?? new Date();
  const policy = verifyPolicy(envelope, collectorPublicKey);
  const held = opts.fresh ? null : await heldPolicy(stateDir, collectorPublicKey, opts.councilId);
  const refusal = refusalOf(policy, held, opts.councilId);
  if (refusal) {
    await writeJsonFile(refusedPath(stateDir), { at: now.toISOString(), reason: refusal.slice(0, 500) }).catch(
      () => undefined,
    );
    throw new AppError("forbidden", refusal);
  }
  await writeJsonFile(policyPath(stateDir), envelope);
  await writeJsonFile(fetchedPath(stateDir), { version: policy.version, fetchedAt: now.toISOString() });
  await rm(refusedPath(stateDir), { force: true });
  return policy;
}

function refusalOf(policy: Policy, held: Policy | null, councilId: string | undefined): string | null {
  const keeps = held ? `version ${held.version} stays in force` : "the policy held stays in force";
  if (councilId !== undefined && policy.councilId !== undefined && policy.councilId !== councilId) {
    return `The collector sent a signed policy for another council (${policy.councilId.slice(0, 100)}), not this computer's council (${councilId}); it is refused and ${keeps}.`;
  }
  if (held?.councilId !== undefined && policy.councilId === undefined) {
    return `The collector sent a signed policy that names no council, though this computer's policy names its council; it is refused and ${keeps}.`;
  }
  if (held && policy.version < held.version) {
    return `The collector sent policy version ${policy.version}, older than version ${held.version} this computer already holds; it is refused and ${keeps}.`;
  }
  return null;
}

/** A signed policy naming another council than this computer's (one written into the state directory). */
function foreignCouncil(policy: Policy, councilId: string | undefined): boolean {
  return councilId !== undefined && policy.councilId !== undefined && policy.councilId !== councilId;
}

/** The stored policy, verified and this computer's council's; another council's counts as none (it cannot be "newer"). */
async function heldPolicy(stateDir: string, collectorPublicKey: string, councilId?: string): Promise<Policy | null> {
  try {
    const envelope = await readJsonFile(policyPath(stateDir), Envelope);
    const policy = envelope ? verifyPolicy(envelope, collectorPublicKey) : null;
    return policy && !foreignCouncil(policy, councilId) ? policy : null;
  } catch {
    return null;
  }
}

/**
 * The last good policy, re-verified on every load (a file edited on disk is refused, not trusted); the default
 * policy when none was ever received, the stored one fails, or it is another council's than `councilId` (this
 * computer's: the collector signs every council's policy with the same key, so the signature alone does not say whose).
 */
export async function loadPolicy(
  stateDir: string,
  collectorPublicKey: string | null,
  log: Logger,
  councilId: string,
): Promise<Policy> {
  if (!collectorPublicKey) return DEFAULT_POLICY;
  try {
    const envelope = await readJsonFile(policyPath(stateDir), Envelope);
    if (!envelope) return DEFAULT_POLICY;
    const policy = verifyPolicy(envelope, collectorPublicKey);
    if (!foreignCouncil(policy, councilId)) return policy;
    log.error(
      "stored policy ignored: it is another council's, not this computer's; using the default policy until the collector sends this council's",
      { policyCouncil: String(policy.councilId).slice(0, 100), thisCouncil: councilId },
    );
    return DEFAULT_POLICY;
  } catch (err) {
    log.error("stored policy refused: using the default policy until the collector sends a valid one", {
      reason: (err as Error).message,
    });
    return DEFAULT_POLICY;
  }
}
