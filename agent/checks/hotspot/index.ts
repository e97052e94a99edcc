// PLACEHOLDER until the hotspot control lands: answers unknown, never pass.
import { defineCheck } from "../framework/check.js";

export const hotspotCheck = defineCheck({
  control: "hotspot",
  title: "Wi-Fi hotspot",
  probes: [],
  collect: async () => ({}),
  evaluate: () => ({
    status: "unknown",
    summary: "Ward cannot check this yet on this version.",
    facts: {},
    remediation: [],
  }),
});
