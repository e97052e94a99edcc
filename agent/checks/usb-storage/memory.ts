// Pure functions over the control's memory: sightings kept until reported, and what the watch and Windows history saw.
import { z } from "zod";
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import { deviceKey, type ObservedDevice, Sighting } from "./device.js";

/** Bound on remembered devices, so a hostile device storm cannot grow the agent's state without limit. */
const MAX_SIGHTINGS = 200;

export const UsbMemory = z.object({
  version: z.literal(1),
  /** Devices seen since the last delivered report, by key. */
  sightings: z.record(z.string(), Sighting),
  /** Windows: USBSTOR instance paths already known (null until the first read), so only new ones count as sightings. */
  usbstorKnown: z.array(z.string().max(600)).max(5000).nullable(),
  /** Watch: the disks (disk2, sdb) attached at the last poll, and the key each was identified as. */
  attached: z.record(z.string(), z.string().max(600)),
});
export type UsbMemory = z.infer<typeof UsbMemory>;

export const EMPTY_MEMORY: UsbMemory = { version: 1, sightings: {}, usbstorKnown: null, attached: {} };

/** Reads memory; anything unreadable (older version, tampered state) starts empty rather than failing the check. */
export function readMemory(raw: JsonObject): UsbMemory {
  const parsed = UsbMemory.safeParse(raw);
  return parsed.success ? parsed.data : structuredClone(EMPTY_MEMORY);
}

export function toJson(memory: UsbMemory): JsonObject {
  return memory as unknown as JsonObject;
}

/** Adds what a probe saw now: new devices get first/last seen = now; known ones get last seen = now. */
export function recordSightings(memory: UsbMemory, observed: readonly ObservedDevice[], now: Date): UsbMemory {
  const iso = now.toISOString();
  const sightings = { ...memory.sightings };
  for (const d of observed) {
    const key = deviceKey(d);
    const prev = sightings[key];
    sightings[key] = prev
      ? { ...prev, ...pickKnown(d, prev), lastSeen: laterOf(prev.lastSeen, iso) }
      : { ...d, key, firstSeen: iso, lastSeen: iso };
  }
  return { ...memory, sightings: capSightings(sightings) };
}

/**
 * Call after a report has been DELIVERED (the daemon does this, not collect): forgets every sighting last seen at or
 * before `reportedUpTo` (the report's collection time). A device seen again by the watch after that time stays, and
 * a device still attached is simply seen again by the next cycle. The USBSTOR baseline and watch state are kept.
 */
export function markReportedUpTo(memory: UsbMemory, reportedUpTo: Date): UsbMemory {
  const cut = reportedUpTo.getTime();
  const sightings: Record<string, Sighting> = {};
  for (const [key, s] of Object.entries(memory.sightings)) {
    if (Date.parse(s.lastSeen) > cut) sightings[key] = s;
  }
  return { ...memory, sightings };
}

/** The same as markReportedUpTo, on the raw JSON the daemon keeps for this control. */
export function markUsbReportedUpTo(raw: JsonObject, reportedUpTo: Date): JsonObject {
  return toJson(markReportedUpTo(readMemory(raw), reportedUpTo));
}

/** Sightings, oldest first (stable order for reports and tests). */
export function sightingList(memory: UsbMemory): Sighting[] {
  return Object.values(memory.sightings).sort(
    (a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.key.localeCompare(b.key),
  );
}

function pickKnown(d: ObservedDevice, prev: Sighting): Partial<Sighting> {
  // A later look may know more (a size, a name); it never erases what an earlier one knew. "live" beats "history".
  return {
    vendor: d.vendor ?? prev.vendor,
    model: d.model ?? prev.model,
    sizeBytes: d.sizeBytes ?? prev.sizeBytes,
    sizeText: d.sizeText ?? prev.sizeText,
    source: prev.source === "live" || d.source === "live" ? "live" : "history",
    notes: [...new Set([...prev.notes, ...d.notes])].slice(0, 8),
  };
}

function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function capSightings(s: Record<string, Sighting>): Record<string, Sighting> {
  const all = Object.values(s);
  if (all.length <= MAX_SIGHTINGS) return s;
  // Keep the most recently seen: an old unreported device still shows in the report that follows, as long as the
  // storm is under the bound; past it, the newest evidence wins.
  const kept = all.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)).slice(0, MAX_SIGHTINGS);
  return Object.fromEntries(kept.map((k) => [k.key, k]));
}
