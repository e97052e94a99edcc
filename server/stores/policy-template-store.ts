// Policy templates a provider saves and applies to several councils: one `settings` row each (policy-template.<id>).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

const PREFIX = "policy-template.";

export interface TemplateRecord {
  id: string;
  name: string;
  /** The editable part of a policy (EditablePolicy), as saved. */
  policy: unknown;
  savedAt: string;
  savedBy: string;
}

export async function putTemplate(q: Kysely<Database>, t: TemplateRecord): Promise<void> {
  const value = JSON.stringify(t);
  await q
    .insertInto("settings")
    .values({ key: PREFIX + t.id, value, updated_at: t.savedAt })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: t.savedAt }))
    .execute();
}

export async function listTemplateRecords(q: Kysely<Database>): Promise<TemplateRecord[]> {
  const rows = await q.selectFrom("settings").select(["value"]).where("key", "like", `${PREFIX}%`).execute();
  const out: TemplateRecord[] = [];
  for (const r of rows) {
    try {
      out.push(JSON.parse(r.value) as TemplateRecord);
    } catch {
      // A damaged row is skipped (the page lists the others); saving the template again replaces it.
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function deleteTemplate(q: Kysely<Database>, id: string): Promise<boolean> {
  const res = await q
    .deleteFrom("settings")
    .where("key", "=", PREFIX + id)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
