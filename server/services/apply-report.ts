// Applies an accepted report: advance the chain, refresh inventory, update current state, record status changes.
import type { Kysely } from "kysely";
import type { Report } from "../../shared/schemas/report.js";
import type { Database } from "../db/schema.js";
import { newId } from "../ids.js";
import type { DeviceRow } from "../stores/device-store.js";
import { gapAndDropEvents, insertIntegrityEvent, setIntegrityEventDetail } from "../stores/event-store.js";
import { storableText } from "./device-text.js";
import { currentResults, insertStatusChange, upsertCurrentResult } from "../stores/results-store.js";

/**
 * Returns the device row as it now stands, the columns that changed (`set`: the caller writes them, once per batch,
 * since the batch holds the row locked), and a note for the device when something about the report needs its
 * attention (else null).
 */
export async function applyReport(
  q: Kysely<Database>,
  device: DeviceRow,
  report: Report,
  stored: { ledgerId: string; hash: string; receivedAt: string },
): Promise<{ note: string | null; device: DeviceRow; set: Partial<DeviceRow> }> {
  const { ledgerId, receivedAt } = stored;
  // The columns every report sets; each case below adds its own to this one object (no copies per envelope).
  const set: Partial<DeviceRow> = {
    last_seq: report.seq,
    last_hash: stored.hash,
    last_seen_at: receivedAt,
    hostname: storableText(report.inventory.hostname),
    serial: storableText(report.inventory.serial),
    manufacturer: storableText(report.inventory.manufacturer),
    model: storableText(report.inventory.model),
    os_platform: report.os.platform,
    os_name: storableText(report.os.name),
    os_version: storableText(report.os.version),
    os_build: storableText(report.os.build),
    agent_version: storableText(report.agentVersion),
    // What the laptop confirmed: the policy its newest report was judged by (older agents name none: kept as it was).
    ...(report.policyVersion === undefined ? {} : { policy_version: report.policyVersion }),
  };
  const event = (kind: "spool-drop" | "heartbeat-mismatch", detail: Record<string, unknown>) =>
    insertIntegrityEvent(q, {
      id: newId("evt"),
      device_id: device.id,
      council_id: device.council_id,
      kind,
      seq: report.seq,
      detail_json: JSON.stringify(detail),
      created_at: receivedAt,
      acknowledged_at: null,
    });

  switch (report.kind) {
    case "full": {
      const current = new Map((await currentResults(q, device.id)).map((r) => [r.control, r]));
      for (const result of report.results) {
        const before = current.get(result.control);
        const changed = !before || before.status !== result.status;
        const resultJson = JSON.stringify(result);
        if (changed) {
          await insertStatusChange(q, {
            id: newId("chg"),
            device_id: device.id,
            council_id: device.council_id,
            control: result.control,
            from_status: before?.status ?? null,
            to_status: result.status,
            result_json: resultJson,
            collected_at: report.collectedAt,
            received_at: receivedAt,
            ledger_id: ledgerId,
          });
        }
        await upsertCurrentResult(q, {
          device_id: device.id,
          control: result.control,
          status: result.status,
          result_json: resultJson,
          since: changed || !before ? report.collectedAt : before.since,
          collected_at: report.collectedAt,
          ledger_id: ledgerId,
        });
      }
      set.results_hash = report.resultsHash;
      set.results_confirmed_at = report.collectedAt;
      return updated(device, set, null);
    }
    case "heartbeat": {
      if (device.results_hash === report.resultsHash) {
        // "Still the same": the ledger row is the evidence; current state only gets a fresher confirmation time.
        set.results_confirmed_at = report.collectedAt;
        return updated(device, set, null);
      }
      await event("heartbeat-mismatch", { resultsHash: report.resultsHash, storedResultsHash: device.results_hash });
      return updated(device, set, "heartbeat names results this collector does not have: send a full report");
    }
    case "spool-drop": {
      await event("spool-drop", { dropped: report.dropped });
      await markGapsExplained(q, device.id);
      return updated(device, set, null);
    }
  }
}

function updated(device: DeviceRow, set: Partial<DeviceRow>, note: string | null) {
  return { note, device: { ...device, ...set }, set };
}

/**
 * Drop records explain the gaps the collector saw where the dropped reports should have been. One gap can span
 * several drops (the spool overflowed on several days), so a gap is explained when the union of every drop range
 * received from this device covers it.
 */
export async function markGapsExplained(q: Kysely<Database>, deviceId: string) {
  const events = await gapAndDropEvents(q, deviceId);
  const ranges: { firstSeq: number; lastSeq: number }[] = [];
  for (const e of events) {
    if (e.kind !== "spool-drop") continue;
    const d = (JSON.parse(e.detail_json) as { dropped?: { firstSeq: number; lastSeq: number } }).dropped;
    if (d) ranges.push(d);
  }
  const merged = mergeRanges(ranges);
  for (const gap of events) {
    if (gap.kind !== "gap") continue;
    const detail = JSON.parse(gap.detail_json) as {
      expectedSeq?: number;
      missing?: number;
      explainedBySpoolDrop?: boolean;
    };
    if (detail.explainedBySpoolDrop || detail.expectedSeq === undefined || detail.missing === undefined) continue;
    const first = detail.expectedSeq;
    const last = detail.expectedSeq + detail.missing - 1;
    if (merged.some((r) => r.firstSeq <= first && last <= r.lastSeq)) {
      await setIntegrityEventDetail(q, gap.id, { ...detail, explainedBySpoolDrop: true });
    }
  }
}

function mergeRanges(ranges: { firstSeq: number; lastSeq: number }[]): { firstSeq: number; lastSeq: number }[] {
  const sorted = [...ranges].sort((a, b) => a.firstSeq - b.firstSeq);
  const out: { firstSeq: number; lastSeq: number }[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.firstSeq <= last.lastSeq + 1) last.lastSeq = Math.max(last.lastSeq, r.lastSeq);
    else out.push({ ...r });
  }
  return out;
}
