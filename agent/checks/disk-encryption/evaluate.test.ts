// evaluate() on every state and OS: only encrypted passes, unknown is never a pass, the policy switch is honoured.
import { describe, expect, it } from "vitest";
import { type CheckStatus, OsPlatform } from "../../../shared/schemas/control.js";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { evaluate } from "./evaluate.js";
import { type DiskEncryptionFacts, EncryptionState, unknownFacts } from "./facts.js";

// Facts are Ward's own type (not tool output): built here to cover every state on every OS.
const facts = (state: DiskEncryptionFacts["state"], over: Partial<DiskEncryptionFacts> = {}): DiskEncryptionFacts => ({
  state,
  method: "bitlocker",
  volume: "C:",
  percentage: null,
  decidedBy: "win.manage-bde",
  evidence: ["win.manage-bde"],
  detail: null,
  reason: null,
  ...over,
});

const expected: Record<DiskEncryptionFacts["state"], CheckStatus> = {
  encrypted: "pass",
  encrypting: "fail",
  decrypting: "fail",
  suspended: "fail",
  not_encrypted: "fail",
  unknown: "unknown",
};

describe("evaluate", () => {
  for (const os of OsPlatform.options) {
    for (const state of EncryptionState.options) {
      it(`${os}: ${state} → ${expected[state]}, with steps unless it passes`, () => {
        const v = evaluate(facts(state), DEFAULT_POLICY, os);
        expect(v.status).toBe(expected[state]);
        expect(v.remediation.length === 0).toBe(state === "encrypted");
        expect(v.summary.length).toBeLessThanOrEqual(1000);
      });
    }
  }

  it("explains a suspended BitLocker volume and how to resume it", () => {
    const v = evaluate(
      facts("suspended", { detail: "protection suspended for 1 more restart(s)" }),
      DEFAULT_POLICY,
      "windows",
    );
    expect(v.summary).toBe(
      "This laptop's disk is encrypted with BitLocker but protection is suspended, so anyone with the laptop can read it.",
    );
    expect(v.remediation.join(" ")).toMatch(/Resume protection/);
  });

  it("warns when someone is decrypting, with the percentage", () => {
    const v = evaluate(
      facts("decrypting", { method: "filevault", volume: "/", percentage: 25 }),
      DEFAULT_POLICY,
      "macos",
    );
    expect(v.summary).toBe(
      "FileVault is being turned off on this computer (25% still encrypted): the disk is being decrypted.",
    );
    expect(v.remediation[0]).toMatch(/turning FileVault off/);
  });

  it("gives the unknown reason to the clerk and caps the summary length", () => {
    const v = evaluate(
      unknownFacts("manage-bde printed output in a language Ward does not read"),
      DEFAULT_POLICY,
      "windows",
    );
    expect(v.summary).toBe(
      "Ward could not tell whether this laptop's disk is encrypted: manage-bde printed output in a language Ward does not read.",
    );
    expect(evaluate(unknownFacts("x".repeat(5000)), DEFAULT_POLICY, "linux").summary.length).toBe(1000);
  });

  it("is not_applicable for every state when the policy does not require encryption", () => {
    for (const state of EncryptionState.options) {
      const v = evaluate(facts(state), { ...DEFAULT_POLICY, requireDiskEncryption: false }, "windows");
      expect(v).toMatchObject({ status: "not_applicable", remediation: [] });
      expect(v.facts.state).toBe(state);
    }
  });
});
