// Ledger ranges keep every folded envelope's hash (issue 22): a resend inside a range is told from a fork by hash.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0540(dialect: DialectName): Migration {
  const bytes = dialect === "postgres" ? "bytea" : "blob";
  return {
    async up(db: Kysely<unknown>) {
      // Null on a row that is one envelope. On a range: the first 16 bytes of each envelope's payload SHA-256, in seq
      // order, concatenated (envelope k of the range at bytes 16(k-1) to 16k). Ranges folded before this column existed
      // keep null: a different envelope inside one of them cannot be told from a resend, and is refused as a fork.
      await db.schema.alterTable("ledger").addColumn("range_hashes", bytes).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("ledger").dropColumn("range_hashes").execute();
    },
  };
}
