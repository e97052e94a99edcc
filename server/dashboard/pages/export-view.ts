// What the export routes send: a council's devices as CSV (one column per control, titles from the shared
// descriptions) and one device as JSON.
import { CONTROLS } from "../../../shared/controls/index.js";
import type { DeviceRow } from "../../stores/device-store.js";
import { csvLine } from "../csv.js";
import { type deviceDetail, parseResult } from "../queries/device-detail.js";
import type { councilReport } from "../queries/report.js";

type ReportDevice = Awaited<ReturnType<typeof councilReport>>["devices"][number];

export function devicesCsv(devices: readonly ReportDevice[]): string {
  let out = csvLine([
    "device_id",
    "hostname",
    "serial",
    "model",
    "asset_number",
    "assigned_user",
    "location",
    "last_seen",
    ...CONTROLS.map((c) => c.title),
  ]);
  for (const d of devices) {
    out += csvLine([
      d.id,
      d.hostname,
      d.serial,
      d.model,
      d.asset_number,
      d.assigned_user,
      d.location,
      d.last_seen_at,
      ...CONTROLS.map((c) => d.results[c.id] ?? ""),
    ]);
  }
  return out;
}

export function deviceJson(d: DeviceRow, detail: Awaited<ReturnType<typeof deviceDetail>>) {
  return {
    device: {
      id: d.id,
      councilId: d.council_id,
      hostname: d.hostname,
      serial: d.serial,
      model: d.model,
      lastSeenAt: d.last_seen_at,
    },
    results: detail.results.map((r) => parseResult(r.result_json)),
    chain: detail.chain,
    asset: detail.asset ?? null,
  };
}
