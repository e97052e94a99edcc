// USB storage devices seen on a council's laptops, from the usb-storage results (current and history), deduplicated.
import type { Kysely } from "kysely";
import { readTolerant } from "../../../shared/controls/tolerant.js";
import { type UsbDeviceFact, UsbStorageFacts } from "../../../shared/controls/usb-storage.js";
import type { Database } from "../../db/schema.js";

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
    for (const d of devicesOf(row.result_json)) {
      const key = `${d.vendorId ?? "?"}:${d.productId ?? "?"}:${(d.serial ?? "").toUpperCase()}:${d.vendor ?? ""}|${d.model ?? ""}`;
      const name = [d.vendor, d.model].filter(Boolean).join(" ") || "Unnamed USB storage";
      const seen = out.get(key) ?? {
        vendorId: d.vendorId,
        productId: d.productId,
        serial: d.serial,
        name,
        seenOn: [],
        lastSeen: "",
      };
      if (!seen.seenOn.some((s) => s.deviceId === row.id))
        seen.seenOn.push({ deviceId: row.id, hostname: row.hostname });
      const at = d.lastSeen ?? row.collected_at;
      if (at > seen.lastSeen) seen.lastSeen = at;
      out.set(key, seen);
    }
  }
  return [...out.values()].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}

type Identified = Pick<UsbDeviceFact, "vendorId" | "productId" | "serial" | "vendor" | "model"> & { lastSeen?: string };

/** The devices of a stored usb-storage result, read with the shared facts schema; those without identity fields are skipped. */
function devicesOf(resultJson: string): Identified[] {
  try {
    const r = JSON.parse(resultJson) as { facts?: unknown };
    const devices = readTolerant(UsbStorageFacts, r.facts)?.devices ?? [];
    return devices.filter(
      (d): d is Identified =>
        d.vendorId !== undefined &&
        d.productId !== undefined &&
        d.serial !== undefined &&
        d.vendor !== undefined &&
        d.model !== undefined,
    );
  } catch {
    return [];
  }
}
