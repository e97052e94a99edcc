// Test builders: a USB stick as the agent's usb-storage facts list it, and the failing result that carries sticks.
import type { CheckResult } from "../../shared/schemas/check-result.js";

export interface StickIdentity {
  vendorId: string;
  productId: string;
  serial: string | null;
  vendor: string;
  model: string;
  /** The label the agent shows; "<vendor> <model>" unless given. */
  label?: string;
}

const SEEN_AT = "2026-11-20T08:00:00.000Z";

/** One stick plugged in now and not approved, as the agent's facts carry it. */
export function seenStick(s: StickIdentity, at = SEEN_AT) {
  return {
    ...s,
    label: s.label ?? `${s.vendor} ${s.model}`,
    sizeBytes: null,
    sizeText: null,
    source: "live",
    firstSeen: at,
    lastSeen: at,
    attachedNow: true,
    approval: "not-approved",
    matchedOn: null,
    approvalLabel: null,
    notes: [],
  };
}

/** The usb-storage facts of a Linux laptop listing these devices. */
export function usbFacts(devices: ReturnType<typeof seenStick>[]) {
  return { os: "linux", listedNow: true, problems: [], devices, otherRemovable: [], historyKnown: null };
}

/** A failing usb-storage result naming these sticks. */
export function usbFail(...sticks: StickIdentity[]): CheckResult {
  return {
    control: "usb-storage",
    status: "fail",
    summary: "A USB storage device that is not on the council's approved list was connected.",
    facts: usbFacts(sticks.map((s) => seenStick(s))),
    remediation: [],
    clause: null,
    probeErrors: [],
  };
}
