// Ledger ranges: a run of accepted heartbeats folded into one row once its raw envelopes aged out (issue 22).
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0500(dialect: DialectName): Migration {
  const big = dialect === "postgres" ? "bigint" : "integer";
  return {
    async up(db: Kysely<unknown>) {
      // All null on a row that is one envelope. A range row keeps its first envelope's seq, prev_hash, collected_at
      // and received_at, and takes its last envelope's hash (the one the next report names as prevHash).
      await db.schema.alterTable("ledger").addColumn("last_seq", big).execute();
      await db.schema.alterTable("ledger").addColumn("last_collected_at", "text").execute();
      await db.schema.alterTable("ledger").addColumn("envelopes", "integer").execute();
      await db.schema.alterTable("ledger").addColumn("run_digest", "text").execute();
      // How far the fold has looked at this device's chain under which key, so each run reads only new rows.
      await db.schema
        .createTable("ledger_fold_marks")
        .addColumn("device_id", "text", (c) => c.primaryKey().references("devices.id"))
        .addColumn("key_id", "text", (c) => c.notNull())
        .addColumn("seq", big, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const c of ["last_seq", "last_collected_at", "envelopes", "run_digest"]) {
        await db.schema.alterTable("ledger").dropColumn(c).execute();
      }
      await db.schema.dropTable("ledger_fold_marks").execute();
    },
  };
}
