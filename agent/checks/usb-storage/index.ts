// PLACEHOLDER until the usb-storage control lands: answers unknown, never pass.
import { defineCheck } from "../framework/check.js";

export const usbStorageCheck = defineCheck({
  control: "usb-storage",
  title: "USB storage",
  probes: [],
  collect: async () => ({}),
  evaluate: () => ({
    status: "unknown",
    summary: "Ward cannot check this yet on this version.",
    facts: {},
    remediation: [],
  }),
});
