// The dashboard's policy changes: one council from the editor, or a saved template onto several councils. Both go
// through updateCouncilPolicy (the CLI's path: schema, version + 1, compare-and-swap; GET /v1/policy seals it with
// the collector's key), so a USB approval made meanwhile is never lost.
import type { Kysely } from "kysely";
import type { z } from "zod";
import { canonicalJson } from "../../shared/canonical-json.js";
import { sha256Hex } from "../../shared/crypto/ed25519.js";
import { AppError } from "../../shared/errors.js";
import { Policy } from "../../shared/schemas/policy.js";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { CouncilRow } from "../stores/council-store.js";
import { listTemplateRecords, putTemplate, type TemplateRecord } from "../stores/policy-template-store.js";
import { type AdminDeps, updateCouncilPolicy } from "./admin.js";
import { type PolicyChange, policyChanges } from "./policy-changes.js";
import { EditablePolicy, editableOf, issueWords } from "./policy-form.js";

export interface PolicyUpdate {
  council: CouncilRow;
  before: Policy;
  after: Policy;
  changes: PolicyChange[];
}

export function storedPolicy(council: CouncilRow): Policy {
  return Policy.parse(JSON.parse(council.policy_json));
}

/**
 * Sets a council's editable policy. With `baseVersion`, refuses (conflict) when the policy moved on since the form
 * was drawn, so nobody saves over a change they have not seen.
 */
export async function setPolicyFields(
  deps: AdminDeps,
  councilId: string,
  fields: EditablePolicy,
  baseVersion?: number,
): Promise<PolicyUpdate> {
  let before: Policy | undefined;
  const row = await updateCouncilPolicy(
    deps,
    councilId,
    (current) => {
      if (baseVersion !== undefined && current.version !== baseVersion)
        throw new AppError(
          "conflict",
          `The policy changed while you edited it (it is now version ${current.version}).`,
        );
      before = current;
      return { ...current, ...fields };
    },
    "id",
  );
  if (!before) throw new AppError("internal", "policy update ran no change");
  const after = storedPolicy(row);
  return { council: row, before, after, changes: policyChanges(editableOf(before), editableOf(after)) };
}

export interface PolicyTemplate {
  id: string;
  name: string;
  policy: EditablePolicy;
  savedAt: string;
  savedBy: string;
}

function readTemplate(r: TemplateRecord): PolicyTemplate | undefined {
  const parsed = EditablePolicy.safeParse(r.policy);
  return parsed.success ? { ...r, policy: parsed.data } : undefined;
}

export async function listTemplates(deps: AdminDeps): Promise<PolicyTemplate[]> {
  return (await listTemplateRecords(deps.db.kysely)).flatMap((r) => readTemplate(r) ?? []);
}

/** Saves a template under a name; the same name again replaces that template. */
export async function saveTemplate(
  deps: AdminDeps,
  input: { name: string; policy: EditablePolicy; savedBy: string },
): Promise<PolicyTemplate> {
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name.length < 1 || name.length > 100)
    throw new AppError("usage", "Give the template a name of 1 to 100 characters.");
  const existing = (await listTemplates(deps)).find((t) => t.name.toLowerCase() === name.toLowerCase());
  const t: PolicyTemplate = {
    id: existing?.id ?? newId("tpl", 9),
    name,
    policy: EditablePolicy.parse(input.policy),
    savedAt: deps.clock.now().toISOString(),
    savedBy: input.savedBy,
  };
  await putTemplate(deps.db.kysely, t);
  return t;
}

export type TemplateOutcome = PolicyUpdate | { council: CouncilRow; unchanged: true };

/** Ties an Apply to the template its preview showed: saved again (even under the same name) means previewed again. */
export const templateFingerprint = (t: Pick<PolicyTemplate, "name" | "policy">) =>
  sha256Hex(canonicalJson({ name: t.name, policy: t.policy })).slice(0, 32);

/** What a template does to one council, checked against the schema before anything is written. */
export type TemplatePlan =
  | { council: CouncilRow; current: Policy; changes: PolicyChange[] }
  | { council: CouncilRow; problem: string };

const inWords = (issues: readonly z.core.$ZodIssue[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(" → ") || "the policy"} ${issueWords(i)}`)
    .join("; ");

/** Plans a template for each council: its changes, or in words why its policy cannot take the template. */
export function planTemplate(deps: AdminDeps, template: PolicyTemplate, councils: CouncilRow[]): TemplatePlan[] {
  return councils.map((council) => {
    let raw: unknown;
    try {
      raw = JSON.parse(council.policy_json);
    } catch {
      return { council, problem: "its saved policy cannot be read, so the template cannot be applied to it" };
    }
    const stored = Policy.safeParse(raw);
    if (!stored.success)
      return {
        council,
        problem: `its saved policy does not pass Ward's checks (${inWords(stored.error.issues)}), so the template cannot be applied to it`,
      };
    const current = stored.data;
    const next = Policy.strict().safeParse({
      ...current,
      ...template.policy,
      version: current.version + 1,
      issuedAt: deps.clock.now().toISOString(),
    });
    if (!next.success)
      return {
        council,
        problem: `with this template its policy would not pass Ward's checks (${inWords(next.error.issues)})`,
      };
    return { council, current, changes: policyChanges(editableOf(current), template.policy) };
  });
}

/**
 * Applies a planned template in one transaction: each council from the version its preview showed (compare-and-swap:
 * a council changed since refuses with a conflict and nothing is written), each change recorded (audited) beside it.
 */
export async function applyTemplate(
  deps: AdminDeps,
  template: PolicyTemplate,
  plans: readonly Extract<TemplatePlan, { current: Policy }>[],
  record: (q: Kysely<Database>, update: PolicyUpdate) => Promise<void>,
): Promise<TemplateOutcome[]> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    const inTrx: AdminDeps = { db: { ...deps.db, kysely: trx }, clock: deps.clock };
    const out: TemplateOutcome[] = [];
    for (const { council, current, changes } of plans) {
      if (changes.length === 0) {
        out.push({ council, unchanged: true });
        continue;
      }
      const update = await setPolicyFields(inTrx, council.id, template.policy, current.version);
      await record(trx, update);
      out.push(update);
    }
    return out;
  });
}
