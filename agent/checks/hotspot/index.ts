// The hotspot control: is this device sharing its connection as a Wi-Fi hotspot now, or has it since the last report?
//
// Sightings: when a hotspot is seen active, collect() records {firstSeen, lastSeen, mechanisms} in the check's
// memory, and every later result reports it (status fail) even once the hotspot is off, until the daemon confirms
// delivery. After a report built at time T has been delivered, the daemon must call
//   memoryStore.set("hotspot", markHotspotReportedUpTo(memoryStore.get("hotspot"), T))
// which is pure: a sighting last seen at or before T is dropped; one seen again after T is kept for the next report.
// Between cycles, watch.poll runs the same probes when the device's network changes (a hotspot gets an address),
// else every 5 minutes or as the daemon's fallback poll, and only records sightings, so a hotspot switched on and off
// between two reports is still reported.
import { hotspot as hotspotDescription } from "../../../shared/controls/hotspot.js";
import type { OsPlatform } from "../../../shared/schemas/control.js";
import { defineCheck } from "../framework/check.js";
import type { CollectContext } from "../framework/check.js";
import { collectLinux } from "./collect-linux.js";
import { collectMacos } from "./collect-macos.js";
import { collectWindows } from "./collect-windows.js";
import { evaluateHotspot } from "./evaluate.js";
import type { CollectedHotspot, HotspotFacts } from "./facts.js";
import { LINUX_PROBES } from "./probes-linux.js";
import { MACOS_PROBES } from "./probes-macos.js";
import { WINDOWS_PROBES } from "./probes-windows.js";
import { markReportedUpTo, readSighting, recordSighting } from "./sighting.js";

export { markReportedUpTo as markHotspotReportedUpTo } from "./sighting.js";

const WATCH_INTERVAL_MS = 5 * 60_000;

const COLLECT: Record<OsPlatform, (ctx: CollectContext) => Promise<CollectedHotspot>> = {
  windows: collectWindows,
  macos: collectMacos,
  linux: collectLinux,
};

/** Runs this OS's probes and records a sighting in memory when a hotspot is active. */
async function collectAndRecord(ctx: CollectContext): Promise<HotspotFacts> {
  const collected = await COLLECT[ctx.os](ctx);
  const active = collected.mechanisms.filter((m) => m.state === "active").map((m) => m.id);
  const memory = recordSighting(ctx.memory.get(), active, ctx.now);
  ctx.memory.set(memory);
  return { os: ctx.os, ...collected, sighting: readSighting(memory) };
}

export const hotspotCheck = defineCheck<HotspotFacts>({
  control: "hotspot",
  title: hotspotDescription.title,
  probes: [...WINDOWS_PROBES, ...MACOS_PROBES, ...LINUX_PROBES],
  collect: collectAndRecord,
  evaluate: evaluateHotspot,
  onReported: markReportedUpTo,
  watch: {
    intervalMs: WATCH_INTERVAL_MS,
    // The daemon decides when (every interval, or on a network change with a slow fallback poll): always look.
    onNetworkChange: true,
    async poll(ctx) {
      await collectAndRecord(ctx);
      ctx.memory.set({ ...ctx.memory.get(), lastWatchAt: ctx.now.toISOString() });
    },
  },
});
