// The council's policy on the device: verified with the pinned collector key, kept on disk, refused when tampered.
import { AppError } from "../../shared/errors.js";
import { join } from "node:path";
import { open } from "../../shared/crypto/envelope.js";
import type { Logger } from "../../shared/logger.js";
import { Envelope } from "../../shared/schemas/envelope.js";
import { DEFAULT_POLICY, Policy } from "../../shared/schemas/policy.js";
import { readJsonFile, writeJsonFile } from "../state/atomic-file.js";

const policyPath = (stateDir: string) => join(stateDir, "policy.json");

/** Verifies a signed policy with the pinned key. Throws AppError (signature_invalid / schema_invalid) otherwise. */
export function verifyPolicy(envelope: Envelope, collectorPublicKey: string): Policy {
  return open(envelope, collectorPublicKey, Policy);
}

/** Stores a policy only after it verifies. */
/**
 * Stores a policy the collector signed. Outside enrolment (`fresh`), a policy older than the one held is refused:
 * a replayed signed policy (one whose USB approval was since revoked) must not roll the laptop back.
 */
export async function acceptPolicy(stateDir: string, envelope: Envelope, collectorPublicKey: string, opts: { fresh?: boolean } = {}): Promise<Policy> {
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
