// Names for the ids a page of the audit log holds: devices by hostname, councils by name (one query each).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { AuditRow } from "../audit.js";

export interface AuditNames {
  devices: Map<string, string>;
  councils: Map<string, string>;
}

export async function auditNames(q: Kysely<Database>, rows: readonly AuditRow[]): Promise<AuditNames> {
  const ids = new Set(rows.flatMap((r) => [r.target ?? "", r.council_id ?? ""]).filter(Boolean));
  const deviceIds = [...ids].filter((id) => id.startsWith("dev_"));
  const councilIds = [...ids].filter((id) => id.startsWith("cou_"));
  const [devices, councils] = await Promise.all([
    deviceIds.length ? q.selectFrom("devices").select(["id", "hostname"]).where("id", "in", deviceIds).execute() : [],
    councilIds.length ? q.selectFrom("councils").select(["id", "name"]).where("id", "in", councilIds).execute() : [],
  ]);
  return {
    devices: new Map(devices.map((d) => [d.id, d.hostname])),
    councils: new Map(councils.map((c) => [c.id, c.name])),
  };
}
