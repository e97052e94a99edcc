// The policy version a device's newest report was judged by: the dashboard shows what the laptop has confirmed.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0470(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Null until a report names its policy version (agents before this change never do).
      await db.schema.alterTable("devices").addColumn("policy_version", "integer").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("devices").dropColumn("policy_version").execute();
    },
  };
}
