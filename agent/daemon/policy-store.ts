// The council's policy on the device: verified with the pinned collector key, kept on disk, refused when tampered.
import { AppError } from "../../shared/errors.js";
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

/** Verifies a signed policy with the pinned key. Throws AppError (signature_invalid / schema_invalid) otherwise. */
export function verifyPolicy(envelope: Envelope, collectorPublicKey: string): Policy {
  return open(envelope, collectorPublicKey, Policy);
}

/**
 * Stores a policy the collector signed, and when it was fetched. Outside enrolment (`fresh`), a policy older than the
 * one held is refused: a replayed signed policy (one whose USB approval was since revoked) must not roll the laptop back.
 */
export async function acceptPolicy(
  stateDir: string,
  envelope: Envelope,
  collectorPublicKey: string,
  opts: { fresh?: boolean; now?: Date } = {},
): Promise<Policy> {
  const policy = verifyPolicy(envelope, collectorPublicKey);
  if (!opts.fresh) {
    const held = await heldPolicy(stateDir, collectorPublicKey);
    if (held && policy.version < held.version) {
      throw new AppError(
        "signature_invalid",
        `The collector sent policy version ${policy.version}, older than version ${held.version} this computer already holds; it is refused and version ${held.version} stays in force.`,
      );
    }
  }
  await writeJsonFile(policyPath(stateDir), envelope);
  await writeJsonFile(fetchedPath(stateDir), {
    version: policy.version,
    fetchedAt: (opts.now ?? new Date()).toISOString(),
  });
  return policy;
}

async function heldPolicy(stateDir: string, collectorPublicKey: string): Promise<Policy | null> {
  try {
    const envelope = await readJsonFile(policyPath(stateDir), Envelope);
    return envelope ? verifyPolicy(envelope, collectorPublicKey) : null;
  } catch {
    return null;
  }
}

/**
 * The last good policy, re-verified on every load (a file edited on disk is refused, not trusted); the default
 * policy when none was ever received or the stored one fails.
 */
export async function loadPolicy(stateDir: string, collectorPublicKey: string | null, log: Logger): Promise<Policy> {
  if (!collectorPublicKey) return DEFAULT_POLICY;
  try {
    const envelope = await readJsonFile(policyPath(stateDir), Envelope);
    if (!envelope) return DEFAULT_POLICY;
    return verifyPolicy(envelope, collectorPublicKey);
  } catch (err) {
    log.error("stored policy refused: using the default policy until the collector sends a valid one", {
      reason: (err as Error).message,
    });
    return DEFAULT_POLICY;
  }
}
