// PLACEHOLDER until the screen-lock control lands: answers unknown, never pass.
import { defineCheck } from "../framework/check.js";

export const screenLockCheck = defineCheck({
  control: "screen-lock",
  title: "Screen lock",
  probes: [],
  collect: async () => ({}),
  evaluate: () => ({
    status: "unknown",
    summary: "Ward cannot check this yet on this version.",
    facts: {},
    remediation: [],
  }),
});
