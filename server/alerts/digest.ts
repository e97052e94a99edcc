// The weekly digest for the DSFM: compliance at a glance, what is open, silent laptops, waivers expiring.
import type { Kysely } from "kysely";
import { CONTROLS, controlPlainName } from "../../shared/controls/index.js";
import { DAY_MS } from "../clock.js";
import type { Database } from "../db/schema.js";
import type { CouncilRow } from "../stores/council-store.js";
import type { DeviceRow } from "../stores/device-store.js";
import { currentResults } from "../stores/results-store.js";
import { activeWaiver, waiversExpiring } from "../stores/waiver-store.js";
import type { AlertContent } from "./content.js";
import { oneLine } from "./neutralise.js";
import type { AlertSettings } from "./settings.js";

/** This week's digest time when it passed less than a day ago (so a late start still sends it, once); else null. */
export function digestSlot(now: Date, s: Pick<AlertSettings, "digestWeekday" | "digestHour">): Date | null {
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), s.digestHour));
  slot.setUTCDate(slot.getUTCDate() - ((now.getUTCDay() - s.digestWeekday + 7) % 7));
  if (slot > now) slot.setUTCDate(slot.getUTCDate() - 7);
  return now.getTime() - slot.getTime() < DAY_MS ? slot : null;
}

export async function buildDigest(
  q: Kysely<Database>,
  council: CouncilRow,
  devices: DeviceRow[],
  settings: AlertSettings,
  now: Date,
): Promise<AlertContent> {
  const counts = new Map<string, { pass: number; fail: number; other: number }>(
    CONTROLS.map((c) => [c.id, { pass: 0, fail: 0, other: 0 }]),
  );
  const open: string[] = [];
  let compliant = 0;
  for (const d of devices) {
    const rows = await currentResults(q, d.id);
    let ok = rows.length > 0;
    for (const r of rows) {
      const c = counts.get(r.control);
      if (!c) continue;
      if (r.status === "pass" || r.status === "not_applicable") c.pass++;
      else if (r.status === "fail") c.fail++;
      else c.other++;
      if (r.status !== "pass" && r.status !== "not_applicable") ok = false;
      if (r.status === "fail") {
        const waived = await activeWaiver(q, d.id, r.control, now);
        open.push(
          `${oneLine(d.hostname, 80)}: ${controlPlainName(r.control)} failing since ${r.since.slice(0, 10)}${waived ? ` (waived until ${waived.expires_at.slice(0, 10)})` : ""}`,
        );
      }
    }
    if (ok) compliant++;
  }
  const silent = devices.filter(
    (d) => now.getTime() - Date.parse(d.last_seen_at ?? d.enrolled_at) >= settings.silenceHours * 3_600_000,
  );
  const expiring = await waiversExpiring(q, council.id, now, new Date(now.getTime() + 14 * DAY_MS));
  const hostOf = new Map(devices.map((d) => [d.id, d.hostname]));
  const glance = CONTROLS.map((c) => ({ c, n: counts.get(c.id) ?? { pass: 0, fail: 0, other: 0 } })).map(
    ({ c, n }) => `${c.title}: ${n.pass} passing, ${n.fail} failing, ${n.other} could not tell`,
  );
  return {
    kind: "digest",
    rule: "digest",
    resolves: null,
    councilName: council.name,
    deviceId: null,
    deviceName: null,
    headline: `Weekly summary: ${compliant} of ${devices.length} laptops fully compliant`,
    clause: null,
    plain: [
      `${compliant} of ${devices.length} laptops meet every check Ward makes.`,
      ...glance,
      open.length ? `Open problems (${open.length}):\n${open.map((o) => `- ${o}`).join("\n")}` : "No open problems.",
      silent.length
        ? `Not reporting for ${settings.silenceHours} hours or more: ${silent.map((d) => oneLine(d.hostname, 80)).join(", ")}.`
        : "Every laptop has reported recently.",
      expiring.length
        ? `Waivers ending in the next 14 days:\n${expiring.map((w) => `- ${oneLine(hostOf.get(w.device_id) ?? w.device_id, 80)}: ${controlPlainName(w.control)} until ${w.expires_at.slice(0, 10)} (${oneLine(w.reason, 120)})`).join("\n")}`
        : "No waivers end in the next 14 days.",
    ],
    actions: open.length || silent.length ? ["Open the dashboard to see each problem and what to do about it."] : [],
    technical: [],
    link: settings.publicUrl,
    occurredAt: now.toISOString(),
  };
}
