// Glue: look at this OS's USB storage, merge what was seen into memory, and return the facts (or, for the watch, only remember).
import type { CollectContext } from "../framework/check.js";
import type { UsbStorageFacts } from "./facts.js";
import { readMemory, recordSightings, sightingList, toJson, type UsbMemory } from "./memory.js";
import { deviceKey } from "./device.js";
import type { LookMode, Observation } from "./observation.js";
import { observeLinux } from "./observe-linux.js";
import { observeMacos } from "./observe-macos.js";
import { observeWindows } from "./observe-windows.js";

async function look(ctx: CollectContext, memory: UsbMemory, mode: LookMode): Promise<Observation> {
  switch (ctx.os) {
    case "linux":
      return observeLinux(ctx, memory, mode);
    case "macos":
      return observeMacos(ctx, memory, mode);
    case "windows":
      return observeWindows(ctx, memory, mode);
  }
}

/** Memory after a look: sightings added, the watch's attached-disk map replaced (only when the look worked). */
export function applyObservation(memory: UsbMemory, obs: Observation, now: Date): UsbMemory {
  const next = recordSightings(memory, obs.devices, now);
  return {
    ...next,
    attached: obs.ok ? obs.attached : memory.attached,
    usbstorKnown: obs.usbstorKnown ?? memory.usbstorKnown,
  };
}

/** The cycle: identify everything attached now, merge with what the watch saw since the last report. */
export async function collectUsbStorage(ctx: CollectContext): Promise<UsbStorageFacts> {
  const memory = readMemory(ctx.memory.get());
  const obs = await look(ctx, memory, "full");
  const next = applyObservation(memory, obs, ctx.now);
  ctx.memory.set(toJson(next));
  return {
    os: ctx.os,
    listedNow: obs.ok,
    problems: obs.problems.slice(0, 20),
    attachedNow: obs.devices.filter((d) => d.source === "live").map(deviceKey),
    devices: sightingList(next),
    otherRemovable: obs.otherRemovable.slice(0, 20),
    historyKnown: ctx.os === "windows" ? (next.usbstorKnown?.length ?? null) : null,
  };
}

/**
 * The watch between cycles: the cheapest listing for this OS (lsblk, diskutil list, Win32_DiskDrive), identifying
 * only disks it has not identified before. A device plugged in and out between two cycles stays in memory until
 * the daemon calls markReportedUpTo after delivering the report that lists it. A failed poll changes nothing.
 */
export async function pollUsbStorage(ctx: CollectContext): Promise<void> {
  const memory = readMemory(ctx.memory.get());
  const obs = await look(ctx, memory, "poll");
  if (!obs.ok) return;
  ctx.memory.set(toJson(applyObservation(memory, obs, ctx.now)));
}
