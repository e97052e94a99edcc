// One control's verdict on one device: what a clerk reads, what the IT provider needs, and why it could not tell.
import { z } from "zod";
import { CheckStatus, ControlId } from "./control.js";
import { JsonObject } from "./json-value.js";

export const ProbeError = z.object({
  probe: z.string().min(1).max(200),
  error: z.string().max(2000),
});
export type ProbeError = z.infer<typeof ProbeError>;

export const CheckResult = z.object({
  control: ControlId,
  status: CheckStatus,
  /** One plain-English sentence a clerk understands. */
  summary: z.string().min(1).max(1000),
  /** Only what the verdict needs: never file names, browsing, or personal data beyond the device's identity. */
  facts: JsonObject,
  /** Steps for this OS, in order; empty when nothing needs doing. */
  remediation: z.array(z.string().max(1000)).max(20),
  /** The council policy clause this control enforces, from the policy; null when the policy names none. */
  clause: z.string().max(200).nullable(),
  probeErrors: z.array(ProbeError).max(100),
});
export type CheckResult = z.infer<typeof CheckResult>;
