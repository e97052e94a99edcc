// The policy editor's fields: what a provider edits of a council's policy, read from a form and validated by the
// shared Policy schema itself (no second set of rules), each schema complaint put beside the field it is about.
import type { z } from "zod";
import { CONTROL_IDS, type ControlId } from "../../shared/schemas/control.js";
import { Policy } from "../../shared/schemas/policy.js";

/** The parts of a policy the editor and templates set; USB approvals (and anything else) stay the council's own. */
export const EditablePolicy = Policy.pick({
  screenLockMaxMinutes: true,
  requireDiskEncryption: true,
  allowHotspot: true,
  patch: true,
  malware: true,
  clauses: true,
  checkIntervalMinutes: true,
}).strict();
export type EditablePolicy = z.infer<typeof EditablePolicy>;

/** What was typed, by field name (kept as typed so a form with a mistake comes back as the person left it). */
export type FormValues = Record<string, string>;

export const NUMBER_FIELDS = [
  "screenLockMaxMinutes",
  "checkIntervalMinutes",
  "patch.maxPendingDays",
  "malware.maxSignatureAgeDays",
  "malware.maxScanAgeDays",
] as const;
export const CHECK_FIELDS = ["requireDiskEncryption", "allowHotspot"] as const;
export const EOS_FIELD = "patch.endOfSupport";
export const clauseField = (id: ControlId) => `clauses.${id}`;

export function editableOf(p: EditablePolicy): EditablePolicy {
  return {
    screenLockMaxMinutes: p.screenLockMaxMinutes,
    requireDiskEncryption: p.requireDiskEncryption,
    allowHotspot: p.allowHotspot,
    patch: p.patch,
    malware: p.malware,
    clauses: p.clauses,
    checkIntervalMinutes: p.checkIntervalMinutes,
  };
}

/** The form's values for a stored policy. */
export function formValuesOf(p: EditablePolicy): FormValues {
  const v: FormValues = {
    screenLockMaxMinutes: String(p.screenLockMaxMinutes),
    checkIntervalMinutes: String(p.checkIntervalMinutes),
    "patch.maxPendingDays": String(p.patch.maxPendingDays),
    "malware.maxSignatureAgeDays": String(p.malware.maxSignatureAgeDays),
    "malware.maxScanAgeDays": p.malware.maxScanAgeDays === null ? "" : String(p.malware.maxScanAgeDays),
    "malware.linux": p.malware.linux,
    [EOS_FIELD]: p.patch.endOfSupport
      .map((e) => [e.platform, e.product, e.release, e.endOfSupport, e.source].join(", "))
      .join("\n"),
  };
  for (const f of CHECK_FIELDS) if (p[f]) v[f] = "on";
  for (const id of CONTROL_IDS) v[clauseField(id)] = p.clauses[id] ?? "";
  return v;
}

export type FormResult =
  | { ok: true; values: FormValues; policy: EditablePolicy }
  | { ok: false; values: FormValues; errors: Record<string, string> };

/** Reads the posted form (only the editor's own field names) and validates it with the schema. */
export function readPolicyForm(body: Record<string, unknown>): FormResult {
  const values: FormValues = {};
  const text = (name: string) => {
    const raw = body[name];
    const value = typeof raw === "string" ? raw : "";
    if (value !== "") values[name] = value;
    return value.trim();
  };
  const number = (name: string): unknown => {
    const t = text(name);
    return /^-?\d{1,9}$/.test(t) ? Number(t) : t === "" ? undefined : t;
  };
  const errors: Record<string, string> = {};
  const clauses: Record<string, string> = {};
  for (const id of CONTROL_IDS) {
    const t = text(clauseField(id));
    if (t) clauses[id] = t;
  }
  const eosLines = text(EOS_FIELD)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const endOfSupport = eosLines.map((line, i) => {
    const parts = line.split(",").map((s) => s.trim());
    if (parts.length < 5) {
      errors[EOS_FIELD] ??=
        `Line ${i + 1}: give the platform, product, release, end date and source, separated by commas.`;
    }
    const [platform, product, release, date, ...source] = parts;
    return { platform, product, release, endOfSupport: date, source: source.join(", ") };
  });
  const scan = number("malware.maxScanAgeDays");
  const input = {
    screenLockMaxMinutes: number("screenLockMaxMinutes") ?? Number.NaN,
    requireDiskEncryption: text("requireDiskEncryption") !== "",
    allowHotspot: text("allowHotspot") !== "",
    patch: { maxPendingDays: number("patch.maxPendingDays") ?? Number.NaN, endOfSupport },
    malware: {
      maxSignatureAgeDays: number("malware.maxSignatureAgeDays") ?? Number.NaN,
      // Blank: a completed scan is not asked for (real-time scanning alone counts).
      maxScanAgeDays: scan === undefined ? null : scan,
      linux: text("malware.linux"),
    },
    clauses,
    checkIntervalMinutes: number("checkIntervalMinutes") ?? Number.NaN,
  };
  const parsed = EditablePolicy.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, message] = placeIssue(issue);
      errors[field] ??= message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, values, errors };
  return { ok: true, values, policy: parsed.data };
}

const EOS_PARTS: Record<string, string> = {
  platform: "the platform (windows, macos or linux)",
  product: "the product",
  release: "the release",
  endOfSupport: "the end date (YYYY-MM-DD)",
  source: "the source",
};

/** Which field a schema issue belongs to, and the schema's complaint in the page's words. */
function placeIssue(issue: z.core.$ZodIssue): [string, string] {
  const path = issue.path.map(String);
  if (path[0] === "patch" && path[1] === "endOfSupport") {
    const line = Number(path[2] ?? 0) + 1;
    const part = EOS_PARTS[path[3] ?? ""] ?? "this line";
    return [EOS_FIELD, `Line ${line}: ${part} ${issueWords(issue)}.`];
  }
  const field = path.slice(0, 2).join(".");
  return [field || "form", `${capital(issueWords(issue))}.`];
}

export function issueWords(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "must not be empty" : issue.message;
      return `must be at least ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${String(issue.maximum)} characters`;
      if (issue.origin === "array") return `can have at most ${String(issue.maximum)} entries`;
      return `must be at most ${String(issue.maximum)}`;
    case "invalid_type":
      if (issue.expected === "number" || issue.expected === "int") return "must be a whole number";
      return issue.expected === "string" ? "must be given" : issue.message;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    case "invalid_format":
      return issue.format === "date" ? "must be a date like 2026-10-13" : issue.message;
    default:
      return issue.message;
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
