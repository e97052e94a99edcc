// PLACEHOLDER until the dashboard issue lands: its tables. Fill in up() (and the table types by augmenting Database).
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "../connect.js";

export function migration0200(_dialect: DialectName): Migration {
  return {
    async up(_db: Kysely<unknown>) {},
  };
}
