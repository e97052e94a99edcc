// The facts disk-encryption reports: one state for the system volume, how it was learnt, and why when it is unknown.
import { z } from "zod";

/**
 * encrypted: fully encrypted and protected (the only state that passes).
 * encrypting / decrypting: a conversion is under way (BitLocker, FileVault).
 * suspended: the data is encrypted but the key is left in the clear (BitLocker "Protection Off" on an encrypted volume).
 * not_encrypted: nothing encrypts the system volume.
 * unknown: Ward could not tell; `reason` says why.
 */
export const EncryptionState = z.enum(["encrypted", "encrypting", "decrypting", "suspended", "not_encrypted", "unknown"]);
export type EncryptionState = z.infer<typeof EncryptionState>;

export const EncryptionMethod = z.enum(["bitlocker", "filevault", "luks", "dm-crypt"]);
export type EncryptionMethod = z.infer<typeof EncryptionMethod>;

export const DiskEncryptionFacts = z.object({
  state: EncryptionState,
  /** What encrypts (or would encrypt) the system volume; null when nothing could be read. */
  method: EncryptionMethod.nullable(),
  /** The system volume: "C:" on Windows, "/" on macOS and Linux. */
  volume: z.string().nullable(),
  /** Percentage encrypted when the tool says (BitLocker, FileVault conversions). */
  percentage: z.number().min(0).max(100).nullable(),
  /** The probe whose answer decided the state; null when none could. */
  decidedBy: z.string().nullable(),
  /** Every probe whose answer was used as evidence, in order. */
  evidence: z.array(z.string()),
  /** Extra detail a technician needs (LUKS type, "deferred enablement", "protection suspended for 1 reboot"). */
  detail: z.string().nullable(),
  /** Why the state is unknown (or why a fallback probe was needed); null when a probe answered cleanly. */
  reason: z.string().nullable(),
});
export type DiskEncryptionFacts = z.infer<typeof DiskEncryptionFacts>;

/** Facts for "could not tell": a plain reason (shown to the clerk) and the probes' own errors for the technician. */
export function unknownFacts(reason: string, evidence: string[] = [], volume: string | null = null, detail: string | null = null): DiskEncryptionFacts {
  return { state: "unknown", method: null, volume, percentage: null, decidedBy: null, evidence, detail, reason };
}
