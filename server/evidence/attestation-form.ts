// Reads and checks the "Record an attestation" form: every problem is named in the page's words, per field, and
// what was typed is kept for the form shown again.
import { ATTESTATION_TEXT, type AttestationKind, isAttestationKind } from "./attestation-kinds.js";
import type { NewAttestation } from "./attestation-store.js";

export const MAX_ATTESTATION_DAYS = 366;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type FormValues = Record<
  "kind" | "checked_on" | "evidence" | "expires" | "adopted_on" | "reviewed_on" | "minute_ref",
  string
>;

export interface FormResult {
  values: FormValues;
  errors: Partial<Record<keyof FormValues, string>>;
  attestation?: Omit<NewAttestation, "council_id" | "recorded_by" | "recorded_role" | "recorded_at">;
}

function clean(v: unknown, max: number): string {
  return String(v ?? "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, " ")
    .trim()
    .slice(0, max + 1);
}

function dateOf(text: string): Date | null {
  if (!DATE.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? null : d;
}

export function emptyForm(now: Date): FormValues {
  const today = now.toISOString().slice(0, 10);
  return {
    kind: "",
    checked_on: today,
    evidence: "",
    expires: new Date(now.getTime() + 365 * DAY_MS).toISOString().slice(0, 10),
    adopted_on: "",
    reviewed_on: "",
    minute_ref: "",
  };
}

export function readAttestationForm(body: Record<string, unknown>, now: Date): FormResult {
  const values: FormValues = {
    kind: clean(body.kind, 40),
    checked_on: clean(body.checked_on, 10),
    evidence: clean(body.evidence, 1000).replace(/\s+/g, " "),
    expires: clean(body.expires, 10),
    adopted_on: clean(body.adopted_on, 10),
    reviewed_on: clean(body.reviewed_on, 10),
    minute_ref: clean(body.minute_ref, 100),
  };
  const errors: FormResult["errors"] = {};
  const today = dateOf(now.toISOString().slice(0, 10))!;
  if (!isAttestationKind(values.kind)) errors.kind = "Choose what you are attesting.";
  const checked = dateOf(values.checked_on);
  if (!checked || checked > today) errors.checked_on = "Give the day you made the check: a date, today or earlier.";
  else if (today.getTime() - checked.getTime() > 365 * DAY_MS)
    errors.checked_on = "A check made more than a year ago has lapsed: check again and give today's date.";
  if (!values.evidence) errors.evidence = "Say what evidence you saw, so an assessor or auditor can ask for it.";
  else if (values.evidence.length > 1000)
    errors.evidence = "Keep the evidence to 1,000 characters; refer to the document rather than copying it.";
  const expires = dateOf(values.expires);
  if (!expires || expires <= today) errors.expires = "Give the day the attestation lapses: a date after today.";
  else if (checked && expires.getTime() - checked.getTime() > MAX_ATTESTATION_DAYS * DAY_MS - DAY_MS) {
    const last = new Date(checked.getTime() + 365 * DAY_MS).toISOString().slice(0, 10);
    errors.expires = `An attestation lasts at most a year from the day you checked: choose ${last} or earlier.`;
  }
  let policy: { policy_adopted_on: string; policy_reviewed_on: string | null; minute_ref: string } | null = null;
  if (values.kind === "it-policy") {
    const adopted = dateOf(values.adopted_on);
    if (!adopted || adopted > today)
      errors.adopted_on = "Give the day the council adopted its IT policy: a date, today or earlier.";
    const reviewed = values.reviewed_on ? dateOf(values.reviewed_on) : null;
    if (values.reviewed_on && (!reviewed || reviewed > today))
      errors.reviewed_on = "Give the day of the last review as a date, today or earlier, or leave it empty.";
    else if (reviewed && adopted && reviewed < adopted)
      errors.reviewed_on = "The review cannot be before the policy was adopted.";
    if (!values.minute_ref)
      errors.minute_ref =
        "Give the minute reference of the meeting that adopted or reviewed the policy, e.g. FC 26/109 item 9.";
    else if (values.minute_ref.length > 100) errors.minute_ref = "Keep the minute reference to 100 characters.";
    policy = {
      policy_adopted_on: values.adopted_on,
      policy_reviewed_on: values.reviewed_on || null,
      minute_ref: values.minute_ref,
    };
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    attestation: {
      kind: values.kind as AttestationKind,
      evidence: values.evidence,
      checked_on: values.checked_on,
      expires_at: new Date(`${values.expires}T23:59:59.999Z`).toISOString(),
      policy_adopted_on: policy?.policy_adopted_on ?? null,
      policy_reviewed_on: policy?.policy_reviewed_on ?? null,
      minute_ref: policy?.minute_ref ?? null,
    },
  };
}

export { ATTESTATION_TEXT };
