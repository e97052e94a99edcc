// Pure verdict for disk encryption: only an encrypted and protected system volume passes, and only when required.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import type { DiskEncryptionFacts, EncryptionMethod } from "./facts.js";
import { remediationFor } from "./remediation.js";

const METHOD_NAME: Record<EncryptionMethod, string> = {
  bitlocker: "BitLocker",
  filevault: "FileVault",
  luks: "LUKS",
  "dm-crypt": "Linux disk encryption (dm-crypt)",
};

export function evaluate(facts: DiskEncryptionFacts, policy: Policy, os: OsPlatform): Verdict {
  const subject = os === "macos" ? "This Mac's disk" : "This laptop's disk";
  if (!policy.requireDiskEncryption) {
    return {
      status: "not_applicable",
      summary: `The council's policy does not require disk encryption; Ward recorded the disk as ${describe(facts.state)}.`,
      facts,
      remediation: [],
    };
  }
  const method = facts.method
    ? METHOD_NAME[facts.method]
    : os === "windows"
      ? "BitLocker"
      : os === "macos"
        ? "FileVault"
        : "encryption";
  const pct = facts.percentage !== null ? ` (${formatPercent(facts.percentage)} encrypted so far)` : "";
  const left = facts.percentage !== null ? ` (${formatPercent(facts.percentage)} still encrypted)` : "";
  const remediation = remediationFor(os, facts.state);
  switch (facts.state) {
    case "encrypted":
      return { status: "pass", summary: `${subject} is encrypted with ${method} and protected.`, facts, remediation };
    case "encrypting":
      return {
        status: "fail",
        summary: `${subject} is still being encrypted with ${method}${pct}; it is not protected until that finishes.`,
        facts,
        remediation,
      };
    case "decrypting":
      return {
        status: "fail",
        summary: `${method} is being turned off on this computer${left}: the disk is being decrypted.`,
        facts,
        remediation,
      };
    case "suspended":
      return {
        status: "fail",
        summary: `${subject} is encrypted with ${method} but protection is suspended, so anyone with the laptop can read it.`,
        facts,
        remediation,
      };
    case "not_encrypted":
      return {
        status: "fail",
        summary: `${subject} is not encrypted: anyone who takes it can read the files on it.`,
        facts,
        remediation,
      };
    case "unknown":
      return {
        status: "unknown",
        summary:
          `Ward could not tell whether ${subject.charAt(0).toLowerCase()}${subject.slice(1)} is encrypted: ${facts.reason ?? "no probe answered"}.`.slice(
            0,
            1000,
          ),
        facts,
        remediation,
      };
  }
}

function describe(state: DiskEncryptionFacts["state"]): string {
  return state === "not_encrypted" ? "not encrypted" : state === "unknown" ? "unknown (Ward could not tell)" : state;
}

function formatPercent(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}
