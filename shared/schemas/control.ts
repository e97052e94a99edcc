// The controls Ward checks and the statuses a check can answer: one id per control on every OS.
import { z } from "zod";

export const ControlId = z.enum([
  "disk-encryption",
  "screen-lock",
  "usb-storage",
  "hotspot",
  "os-patch",
  "malware-protection",
  "firewall",
  "wifi-security",
]);
export type ControlId = z.infer<typeof ControlId>;
export const CONTROL_IDS = ControlId.options;

/** `unknown` means the check could not tell; it is never a pass. */
export const CheckStatus = z.enum(["pass", "fail", "unknown", "not_applicable"]);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const OsPlatform = z.enum(["windows", "macos", "linux"]);
export type OsPlatform = z.infer<typeof OsPlatform>;
