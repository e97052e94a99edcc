// Disk encryption: is the system volume encrypted and protected (BitLocker, FileVault, LUKS)?
import { z } from "zod";
import { describeControl } from "./control-description.js";

/**
 * encrypted: fully encrypted and protected (the only state that passes).
 * encrypting / decrypting: a conversion is under way (BitLocker, FileVault).
 * suspended: the data is encrypted but the key is left in the clear (BitLocker "Protection Off" on an encrypted volume).
 * not_encrypted: nothing encrypts the system volume.
 * unknown: Ward could not tell; `reason` says why.
 */
export const EncryptionState = z.enum([
  "encrypted",
  "encrypting",
  "decrypting",
  "suspended",
  "not_encrypted",
  "unknown",
]);
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

export const diskEncryption = describeControl({
  id: "disk-encryption",
  title: "Disk encryption",
  shortTitle: "Encryption",
  plainName: "disk encryption",
  facts: DiskEncryptionFacts,
  states: {
    fail: {
      why: "If this laptop is lost or stolen, anyone could read the council's files on it.",
      remediation: [
        "Ask your IT provider to turn on the laptop's disk encryption (BitLocker on Windows, FileVault on a Mac) and to keep the recovery key somewhere safe, away from the laptop.",
      ],
    },
    unknown: {
      why: "Until Ward can read the encryption state, nobody can show that the council's files on this laptop are protected.",
      remediation: ["Ask your IT provider to look at this laptop's Ward report and check its disk encryption by hand."],
    },
  },
  alerts: {
    timing: "after-confirmations",
    kinds: [{ kind: "failing", headline: "Disk encryption is off or not protecting the laptop" }],
  },
});
