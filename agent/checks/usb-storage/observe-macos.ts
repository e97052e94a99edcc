// macOS: external physical disks from diskutil, kept when diskutil says Protocol USB; USB ids from system_profiler.
import type { ObservedDevice } from "./device.js";
import type { UsbMemory } from "./memory.js";
import {
  attach,
  attachKnown,
  type Ctx,
  type LookMode,
  listDisks,
  NO_SERIAL_NOTE,
  notUsb,
  type Observation,
  probeProblem,
} from "./observation.js";
import { parseDiskutilInfo, parseDiskutilList } from "./parse-diskutil.js";
import { type ProfilerStorage, parseSystemProfiler } from "./parse-system-profiler.js";

export async function observeMacos(ctx: Ctx, memory: UsbMemory, mode: LookMode): Promise<Observation> {
  const look = await listDisks(
    ctx,
    "mac.diskutil-external",
    { name: "diskutil", what: "the list of external disks" },
    parseDiskutilList,
  );
  if ("failed" in look) return look.failed;
  const { disks, obs } = look;
  let profiler: Map<string, ProfilerStorage> | null | undefined;
  const profilerFor = async (): Promise<Map<string, ProfilerStorage> | null> => {
    if (profiler !== undefined) return profiler;
    const usb = await ctx.probe("mac.usb");
    const p = usb.ok ? parseSystemProfiler(usb.text) : null;
    if (!usb.ok) obs.problems.push(probeProblem("system_profiler (USB ids)", usb));
    else if (p && !p.ok) obs.problems.push(`system_profiler printed output Ward does not read: ${p.error}.`);
    profiler = p?.ok ? new Map(p.value.map((s) => [s.bsdName, s])) : null;
    return profiler;
  };
  for (const disk of disks) {
    // The watch knows disks by bsd name only (the plist listing gives no identity): a stick swapped for another
    // within one watch interval under the same name (disk2) is credited to the first until the next cycle, which
    // identifies every disk afresh.
    if (attachKnown(obs, mode, disk, memory)) continue;
    const infoOut = await ctx.probe("mac.diskutil-info", disk);
    const info = infoOut.ok ? parseDiskutilInfo(infoOut.text) : null;
    if (!infoOut.ok) obs.problems.push(probeProblem(`diskutil info ${disk}`, infoOut));
    else if (info && !info.ok)
      obs.problems.push(`diskutil info ${disk} printed output Ward does not read: ${info.error}.`);
    const i = info?.ok ? info.value : null;
    if (i && i.protocol !== "USB") {
      // Thunderbolt or SD-slot disks are external but not USB: listed for the IT provider, not judged here.
      notUsb(obs, disk, `${disk} (${i.protocol ?? "unknown protocol"}, not USB)`);
      continue;
    }
    const p = (await profilerFor())?.get(disk) ?? null;
    attach(obs, disk, deviceOf(p, i?.mediaName ?? null, i?.sizeBytes ?? null, i === null));
  }
  return obs;
}

function deviceOf(
  p: ProfilerStorage | null,
  mediaName: string | null,
  size: number | null,
  protocolUnknown: boolean,
): ObservedDevice {
  const notes: string[] = [];
  if (protocolUnknown)
    notes.push("Ward could not read this external disk's details from diskutil, so it treats it as USB storage.");
  if (!p) {
    notes.push(
      "system_profiler did not list this disk (some macOS versions leave the USB list empty), so its USB id is unknown.",
    );
  } else {
    if (!p.serial) notes.push(NO_SERIAL_NOTE);
    if (p.vendorIdText) notes.push(`system_profiler named the vendor "${p.vendorIdText}" instead of giving its id.`);
  }
  return {
    vendorId: p?.vendorId ?? null,
    productId: p?.productId ?? null,
    serial: p?.serial ?? null,
    vendor: p?.vendor ?? null,
    model: p?.model ?? mediaName,
    sizeBytes: p?.sizeBytes ?? size,
    sizeText: null,
    source: "live",
    notes,
  };
}
