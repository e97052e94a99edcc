// The time-based rules, run by the scheduler: screen-lock grace periods, silent devices, and the weekly digest.
import type { Kysely } from "kysely";
import { CONTROLS } from "../../shared/controls/index.js";
import type { ControlId } from "../../shared/schemas/control.js";
import type { Database } from "../db/schema.js";
import { listCouncils } from "../stores/council-store.js";
import { type DeviceRow, listDevices } from "../stores/device-store.js";
import { currentResults } from "../stores/results-store.js";
import { activeWaiver } from "../stores/waiver-store.js";
import { parseResult } from "./device-facts.js";
import { buildDigest, digestSlot } from "./digest.js";
import { enqueueAlert } from "./enqueue.js";
import { controlAlert, type MessageContext, silenceAlert } from "./messages.js";
import { getAlertSettings } from "./settings-store.js";
import { type AlertSettings, ruleOn, withLinkBase } from "./settings.js";
import { getAlertState, putAlertState, unalertedFailingSince } from "./state-store.js";

export interface SweepTally {
  screenLock: number;
  silence: number;
  digests: number;
}

/** `collectorUrl`: the collector's public URL, where links start for a council that set none of its own. */
export async function sweep(q: Kysely<Database>, now: Date, collectorUrl?: string): Promise<SweepTally> {
  const tally: SweepTally = { screenLock: 0, silence: 0, digests: 0 };
  for (const council of await listCouncils(q)) {
    const settings = withLinkBase(await getAlertSettings(q, council.id), collectorUrl);
    if (!settings.enabled) continue;
    const devices = await listDevices(q, council.id);
    const m = (device: DeviceRow): MessageContext => ({ councilName: council.name, device, settings, now });
    for (const c of CONTROLS.filter((d) => d.alerts.timing === "after-grace")) {
      if (ruleOn(settings, c.id)) tally.screenLock += await graceOver(q, c.id, devices, settings, now, m);
    }
    if (ruleOn(settings, "silence")) tally.silence += await silence(q, devices, settings, now, m);
    if (ruleOn(settings, "digest")) {
      const slot = digestSlot(now, settings);
      if (slot) {
        const content = await buildDigest(q, council, devices, settings, now);
        const key = `digest:${council.id}:${slot.toISOString()}`;
        const n = await enqueueAlert(q, {
          key,
          councilId: council.id,
          deviceId: null,
          content,
          audience: ["dsfm"],
          settings,
          now,
        });
        if (n > 0) tally.digests++;
      }
    }
  }
  return tally;
}

/** Controls timed "after-grace" (screen lock) failing since before the grace period and not alerted (nor waived) yet. */
async function graceOver(
  q: Kysely<Database>,
  control: ControlId,
  devices: DeviceRow[],
  settings: AlertSettings,
  now: Date,
  m: (d: DeviceRow) => MessageContext,
): Promise<number> {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const rows = await unalertedFailingSince(
    q,
    control,
    new Date(now.getTime() - settings.screenLockGraceHours * 3_600_000),
  );
  let n = 0;
  for (const state of rows) {
    const device = byId.get(state.device_id);
    if (!device || (await activeWaiver(q, device.id, control, now))) continue;
    const current = (await currentResults(q, device.id)).find((r) => r.control === control);
    const result = current ? parseResult(current.result_json) : null;
    if (result?.status !== "fail") continue;
    const key = `${control}:${device.id}:${state.failing_since}`;
    await putAlertState(q, { ...state, alerted_at: now.toISOString(), alert_key: key, updated_at: now.toISOString() });
    await enqueueAlert(q, {
      key,
      councilId: device.council_id,
      deviceId: device.id,
      content: controlAlert(m(device), result),
      audience: ["dsfm", "it"],
      settings,
      now,
    });
    n++;
  }
  return n;
}

/** Devices that have not reported for `silenceHours`: one alert per silent period (keyed by the last report time). */
async function silence(
  q: Kysely<Database>,
  devices: DeviceRow[],
  settings: AlertSettings,
  now: Date,
  m: (d: DeviceRow) => MessageContext,
): Promise<number> {
  let n = 0;
  for (const device of devices) {
    const last = device.last_seen_at ?? device.enrolled_at;
    if (now.getTime() - Date.parse(last) < settings.silenceHours * 3_600_000) continue;
    const state = await getAlertState(q, device.id, "silence");
    if (state?.alert_key === last) continue;
    const at = now.toISOString();
    await putAlertState(q, {
      device_id: device.id,
      subject: "silence",
      failing: 1,
      consecutive: 1,
      failing_since: last,
      alerted_at: at,
      alert_key: last,
      seen_events: "[]",
      updated_at: at,
    });
    const content = silenceAlert(m(device), settings.silenceHours);
    await enqueueAlert(q, {
      key: `silence:${device.id}:${last}`,
      councilId: device.council_id,
      deviceId: device.id,
      content,
      audience: ["dsfm", "it"],
      settings,
      now,
    });
    n++;
  }
  return n;
}
