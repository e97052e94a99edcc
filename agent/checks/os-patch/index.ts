// PLACEHOLDER until the os-patch control lands: answers unknown, never pass.
import { defineCheck } from "../framework/check.js";

export const osPatchCheck = defineCheck({
  control: "os-patch",
  title: "OS patch level",
  probes: [],
  collect: async () => ({}),
  evaluate: () => ({
    status: "unknown",
    summary: "Ward cannot check this yet on this version.",
    facts: {},
    remediation: [],
  }),
});
