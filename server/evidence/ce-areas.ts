// The five Cyber Essentials v3.3 ("Danzell") requirement areas: which Ward controls give device evidence for each,
// what a device cannot prove, and which attestation covers that. A control listed here that Ward does not (yet)
// check is simply absent from the pack; an area left with none says "no evidence from devices yet".
import { CONTROL_IDS } from "../../shared/schemas/control.js";
import type { AttestationKind } from "./attestation-kinds.js";

export interface CeArea {
  id: string;
  title: string;
  /** What the requirement asks, in short. */
  requirement: string;
  /** Ward control ids that give device evidence for this area, when Ward has them. */
  controls: readonly string[];
  /** What Ward cannot prove from a device for this area. */
  cannotProve: string;
  attestations: readonly AttestationKind[];
}

export const CE_AREAS: readonly CeArea[] = [
  {
    id: "firewalls",
    title: "Firewalls",
    requirement:
      "Every device has a software firewall switched on, and the boundary firewall or router protects the office network.",
    controls: ["firewall"],
    cannotProve:
      "The office router or boundary firewall: its administrator password, open ports and firmware. Ward sees only the laptops.",
    attestations: [],
  },
  {
    id: "secure-configuration",
    title: "Secure configuration (including device locking)",
    requirement:
      "Devices need an unlock credential, lock after a period of inactivity, and limit guessing (at most 10 attempts); unnecessary software and accounts are removed.",
    controls: ["screen-lock", "wifi-security"],
    cannotProve:
      "Whether unnecessary software and accounts were removed, default passwords changed, and auto-run switched off.",
    attestations: [],
  },
  {
    id: "security-update-management",
    title: "Security update management (the 14-day rule)",
    requirement:
      "Operating systems, firmware and applications are licensed and supported, and critical or high-risk updates are installed within 14 days of release (A6.4 for the operating system, A6.5 for applications and browser extensions). Under v3.3 either one missed fails the whole assessment.",
    controls: ["os-patch"],
    cannotProve:
      "Updates to applications, browsers and browser extensions (A6.5): Ward checks the operating system's pending updates and end of support only.",
    attestations: ["app-updates"],
  },
  {
    id: "user-access-control",
    title: "User access control",
    requirement:
      "Every user has their own account; administrator accounts are separate and used only for administration; multi-factor authentication is on for every cloud service that offers it (a stand-alone fail under v3.3).",
    controls: [],
    cannotProve:
      "Accounts and sign-in: MFA on cloud services and separate administrator accounts are set up outside the laptop, in the council's cloud services.",
    attestations: ["mfa-cloud", "admin-separate"],
  },
  {
    id: "malware-protection",
    title: "Malware protection",
    requirement:
      "Anti-malware software is installed, switched on, scans files and web pages, and its definitions are kept up to date (at least daily).",
    controls: ["malware-protection"],
    cannotProve:
      "Whether harmful websites are blocked and email attachments are scanned by the council's email service.",
    attestations: [],
  },
];

/** The area's controls that Ward actually checks in this build. */
export function presentControls(area: CeArea): string[] {
  return area.controls.filter((c) => (CONTROL_IDS as readonly string[]).includes(c));
}

/** Ward's controls that no CE area claims (the council's own policy: encryption, USB sticks, hotspots). */
export function otherControls(): string[] {
  const mapped = new Set(CE_AREAS.flatMap((a) => a.controls));
  return CONTROL_IDS.filter((c) => !mapped.has(c));
}
