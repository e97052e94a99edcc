// The facts disk-encryption reports (schema in shared/controls/disk-encryption.ts), and the "could not tell" helper.
import type { DiskEncryptionFacts } from "../../../shared/controls/disk-encryption.js";

export {
  DiskEncryptionFacts,
  EncryptionMethod,
  EncryptionState,
} from "../../../shared/controls/disk-encryption.js";

/** Facts for "could not tell": a plain reason (shown to the clerk) and the probes' own errors for the technician. */
export function unknownFacts(
  reason: string,
  evidence: string[] = [],
  volume: string | null = null,
  detail: string | null = null,
): DiskEncryptionFacts {
  return { state: "unknown", method: null, volume, percentage: null, decidedBy: null, evidence, detail, reason };
}
