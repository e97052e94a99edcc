// Pending single sign-on attempts (state, nonce, PKCE verifier: server-side, 10 minutes, used once); provisioned flag.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0430(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("sso_logins")
        .addColumn("id_hash", "text", (c) => c.primaryKey())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("nonce", "text", (c) => c.notNull())
        .addColumn("code_verifier", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
      // 1: the account was made by a single sign-on (its role follows the identity provider's groups and domain at
      // each sign-in); 0: an account made by hand and linked (its role stays as set).
      await db.schema
        .alterTable("sso_identities")
        .addColumn("provisioned", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("sso_logins").ifExists().execute();
    },
  };
}
