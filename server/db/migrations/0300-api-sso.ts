// API tokens (hashed, scoped, revocable), single sign-on identities of dashboard accounts, councils' SSO domains.
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0300(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("api_tokens")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("council_id", "text", (c) => c.references("councils.id"))
        .addColumn("read_only", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("last_used_at", "text")
        .addColumn("last_used_ip", "text")
        .addColumn("revoked_at", "text")
        .execute();
      await db.schema
        .createTable("sso_identities")
        .addColumn("subject", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull().references("dashboard_users.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_login_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("council_sso_domains")
        .addColumn("domain", "text", (c) => c.primaryKey())
        .addColumn("council_id", "text", (c) => c.notNull().references("councils.id"))
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("council_sso_domains").ifExists().execute();
      await db.schema.dropTable("sso_identities").ifExists().execute();
      await db.schema.dropTable("api_tokens").ifExists().execute();
    },
  };
}
