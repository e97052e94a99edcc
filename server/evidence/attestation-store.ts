// Attestations of a council: record, withdraw, and those in force (or lapsed) at a moment.
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { AttestationsTable } from "./tables.js";

export type AttestationRow = Selectable<AttestationsTable>;
export type NewAttestation = Omit<Insertable<AttestationsTable>, "id" | "withdrawn_at" | "withdrawn_by">;

export async function insertAttestation(q: Kysely<Database>, a: NewAttestation): Promise<AttestationRow> {
  const row: AttestationRow = {
    id: newId("att", 12),
    withdrawn_at: null,
    withdrawn_by: null,
    policy_adopted_on: null,
    policy_reviewed_on: null,
    minute_ref: null,
    ...a,
  };
  await q.insertInto("attestations").values(row).execute();
  return row;
}

export async function findAttestation(q: Kysely<Database>, id: string): Promise<AttestationRow | undefined> {
  return q.selectFrom("attestations").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function withdrawAttestation(q: Kysely<Database>, id: string, by: string, now: Date): Promise<void> {
  await q
    .updateTable("attestations")
    .set({ withdrawn_at: now.toISOString(), withdrawn_by: by })
    .where("id", "=", id)
    .where("withdrawn_at", "is", null)
    .execute();
}

/** Every attestation of the council, newest first (a council records a handful a year). */
export async function listAttestations(q: Kysely<Database>, councilId: string): Promise<AttestationRow[]> {
  return q
    .selectFrom("attestations")
    .selectAll()
    .where("council_id", "=", councilId)
    .orderBy("recorded_at", "desc")
    .limit(1000)
    .execute();
}

export type AttestationState = "in-force" | "expired" | "withdrawn";

export function attestationState(a: AttestationRow, at: Date): AttestationState {
  if (a.withdrawn_at && a.withdrawn_at <= at.toISOString()) return "withdrawn";
  return a.expires_at > at.toISOString() ? "in-force" : "expired";
}
