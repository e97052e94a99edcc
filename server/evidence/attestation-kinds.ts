// What a council attests that a device cannot show, worded as it appears on the page and in the evidence pack.
export const ATTESTATION_KINDS = ["mfa-cloud", "admin-separate", "app-updates", "it-policy"] as const;
export type AttestationKind = (typeof ATTESTATION_KINDS)[number];

export interface AttestationKindText {
  title: string;
  /** The sentence the person vouches for. */
  statement: string;
  /** What an assessor or internal auditor expects to see as evidence. */
  evidenceHint: string;
}

export const ATTESTATION_TEXT: Record<AttestationKind, AttestationKindText> = {
  "mfa-cloud": {
    title: "MFA on every cloud service",
    statement:
      "Multi-factor authentication is switched on for every user of every cloud service the council uses (email, file storage, finance, website administration) that offers it.",
    evidenceHint: "e.g. the Microsoft 365 conditional-access policy or a list of users with their MFA status, dated",
  },
  "admin-separate": {
    title: "Administrator accounts kept separate",
    statement:
      "Administrator accounts are separate from everyday accounts, are used only for administration, and are not used for email or web browsing.",
    evidenceHint: "e.g. the list of administrator accounts and who holds them",
  },
  "app-updates": {
    title: "Application and browser updates",
    statement:
      "Applications, browsers and browser extensions update automatically, and critical or high-risk updates are installed within 14 days of release (Cyber Essentials A6.5).",
    evidenceHint: "e.g. the update settings of Microsoft 365 Apps, Chrome and Edge, and the software list checked",
  },
  "it-policy": {
    title: "IT policy adopted and reviewed",
    statement: "The council has formally adopted an IT policy and reviews it at least once a year.",
    evidenceHint: "e.g. the minutes of the meeting that adopted or reviewed the policy",
  },
};

export function isAttestationKind(v: unknown): v is AttestationKind {
  return typeof v === "string" && (ATTESTATION_KINDS as readonly string[]).includes(v);
}
