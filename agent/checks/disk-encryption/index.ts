// PLACEHOLDER until the disk-encryption control lands: answers unknown, never pass.
import { defineCheck } from "../framework/check.js";

export const diskEncryptionCheck = defineCheck({
  control: "disk-encryption",
  title: "Disk encryption",
  probes: [],
  collect: async () => ({}),
  evaluate: () => ({
    status: "unknown",
    summary: "Ward cannot check this yet on this version.",
    facts: {},
    remediation: [],
  }),
});
