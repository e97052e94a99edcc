// The dashboard's policy changes: one council from the editor, or a saved template onto several councils. Both go
// through updateCouncilPolicy (the CLI's path: schema, version + 1, compare-and-swap; GET /v1/policy seals it with
// the collector's key), so a USB approval made meanwhile is never lost.
import { AppError } from "../../shared/errors.js";
import { Policy } from "../../shared/schemas/policy.js";
import { newId } from "../ids.js";
import type { CouncilRow } from "../stores/council-store.js";
import { listTemplateRecords, putTemplate, type TemplateRecord } from "../stores/policy-template-store.js";
import { type AdminDeps, requireCouncilById, updateCouncilPolicy } from "./admin.js";
import { type PolicyChange, policyChanges } from "./policy-changes.js";
import { EditablePolicy, editableOf } from "./policy-form.js";

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

/** Applies a template to each council in turn (each its own version + 1); a council that already matches is left. */
export async function applyTemplate(
  deps: AdminDeps,
  template: PolicyTemplate,
  councilIds: readonly string[],
): Promise<TemplateOutcome[]> {
  const out: TemplateOutcome[] = [];
  for (const id of councilIds) {
    const council = await requireCouncilById(deps, id);
    const current = editableOf(storedPolicy(council));
    if (policyChanges(current, template.policy).length === 0) {
      out.push({ council, unchanged: true });
      continue;
    }
    out.push(await setPolicyFields(deps, id, template.policy));
  }
  return out;
}
