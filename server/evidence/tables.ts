// The attestations table as Kysely types: what a person vouches for that no device can show, with an expiry.
import type { AttestationKind } from "./attestation-kinds.js";

export interface AttestationsTable {
  id: string;
  council_id: string;
  kind: AttestationKind;
  /** What the person checked and saw, in their words (e.g. "Microsoft 365 sign-in report of 1 Dec: 4 of 4 users MFA"). */
  evidence: string;
  /** The day the check was made (YYYY-MM-DD). */
  checked_on: string;
  /** End of the day the attestation lapses (ISO); at most a year after checked_on. */
  expires_at: string;
  /** it-policy only: the day the council adopted its IT policy, the last review, and the minute that records it. */
  policy_adopted_on: string | null;
  policy_reviewed_on: string | null;
  minute_ref: string | null;
  recorded_by: string;
  recorded_role: string;
  recorded_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
}

declare module "../db/schema.js" {
  interface Database {
    attestations: AttestationsTable;
  }
}
