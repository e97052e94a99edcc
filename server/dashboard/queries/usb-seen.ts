// USB storage devices seen on a council's laptops, from the usb-storage results (current and history), deduplicated.
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../db/schema.js";

// The fields of agent/checks/usb-storage's Sighting that the approvals page needs; the rest is ignored.
const Seen = z.object({
  vendorId: z.string().regex(/^[0-9a-f]{4}$/).nullable(),
  productId: z.string().regex(/^[0-9a-f]{4}$/).nullable(),
  serial: z.string().max(256).nullable(),
  vendor: z.string().max(256).nullable(),
  model: z.string().max(256).nullable(),
  lastSeen: z.string().max(40).optional(),
});
const Facts = z.object({ devices: z.array(z.unknown()).max(200) });

export interface UsbSeen {
  vendorId: string | null;
  productId: string | null;
  serial: string | null;
  name: string;
  /** Hostnames and ids of the council's devices it was seen on. */
  seenOn: { deviceId: string; hostname: string }[];
  lastSeen: string;
}

export const HISTORY_LIMIT = 2000;

export async function usbSeen(q: Kysely<Database>, councilId: string): Promise<UsbSeen[]> {
  const current = q
    .selectFrom("current_results as cr")
    .innerJoin("devices as d", "d.id", "cr.device_id")
    .select(["d.id", "d.hostname", "cr.result_json", "cr.collected_at"])
    .where("d.council_id", "=", councilId)
    .where("cr.control", "=", "usb-storage");
  const history = q
    .selectFrom("status_changes as s")
    .innerJoin("devices as d", "d.id", "s.device_id")
    .select(["d.id", "d.hostname", "s.result_json", "s.collected_at"])
    .where("s.council_id", "=", councilId)
    .where("s.control", "=", "usb-storage")
    .orderBy("s.collected_at", "desc")
    .limit(HISTORY_LIMIT);
  const rows = [...(await current.execute()), ...(await history.execute())];
  const out = new Map<string, UsbSeen>();
  for (const row of rows) {
    for (const raw of devicesOf(row.result_json)) {
      const d = Seen.safeParse(raw);
      if (!d.success) continue;
      const key = `${d.data.vendorId ?? "?"}:${d.data.productId ?? "?"}:${(d.data.serial ?? "").toUpperCase()}:${d.data.vendor ?? ""}|${d.data.model ?? ""}`;
      const name = [d.data.vendor, d.data.model].filter(Boolean).join(" ") || "Unnamed USB storage";
      const seen = out.get(key) ?? { ...d.data, name, seenOn: [], lastSeen: "" };
      if (!seen.seenOn.some((s) => s.deviceId === row.id)) seen.seenOn.push({ deviceId: row.id, hostname: row.hostname });
      const at = d.data.lastSeen ?? row.collected_at;
      if (at > seen.lastSeen) seen.lastSeen = at;
      out.set(key, seen);
    }
  }
  return [...out.values()].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}

function devicesOf(resultJson: string): unknown[] {
  try {
    const r = JSON.parse(resultJson) as { facts?: unknown };
    const f = Facts.safeParse(r.facts);
    return f.success ? f.data.devices : [];
  } catch {
    return [];
  }
}
