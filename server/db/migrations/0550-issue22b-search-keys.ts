// Search keys beside council names and hostnames (issue 22b): searches find "Évora" typed "ÉVORA" on either database.
import { type Kysely, type Migration, sql } from "kysely";
import { searchKey } from "../../stores/search-key.js";
import type { DialectName } from "../connect.js";

const BATCH = 500;

export function migration0550(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("councils")
        .addColumn("name_key", "text", (c) => c.notNull().defaultTo(""))
        .execute();
      await db.schema
        .alterTable("devices")
        .addColumn("hostname_key", "text", (c) => c.notNull().defaultTo(""))
        .execute();
      await backfillSearchKeys(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("devices").dropColumn("hostname_key").execute();
      await db.schema.alterTable("councils").dropColumn("name_key").execute();
    },
  };
}

/** Every council's and device's search key from its name (exported for the test that empties and refills them). */
export async function backfillSearchKeys(db: Kysely<unknown>): Promise<void> {
  await backfillKeys(db, "councils", "id", "name", "name_key");
  await backfillKeys(db, "devices", "id", "hostname", "hostname_key");
}

/** Every row's key from its text, made in JavaScript (the databases' lower() is what this replaces), by id order. */
export async function backfillKeys(db: Kysely<unknown>, table: string, id: string, from: string, to: string) {
  let after = "";
  for (;;) {
    const rows = await sql<{ id: string; v: string }>`select ${sql.ref(id)} as id, ${sql.ref(from)} as v
      from ${sql.table(table)} where ${sql.ref(id)} > ${after} order by ${sql.ref(id)} limit ${BATCH}`.execute(db);
    if (rows.rows.length === 0) return;
    for (const r of rows.rows)
      await sql`update ${sql.table(table)} set ${sql.ref(to)} = ${searchKey(r.v)}
        where ${sql.ref(id)} = ${r.id}`.execute(db);
    after = rows.rows[rows.rows.length - 1]!.id;
  }
}
