// Windows: USB disks from Win32_DiskDrive, ids from their USB parent (Win32_PnPEntity), new history from USBSTOR.
import type { ObservedDevice } from "./device.js";
import type { UsbMemory } from "./memory.js";
import {
  attach,
  type Ctx,
  emptyObservation,
  failedObservation,
  type LookMode,
  type Observation,
  probeProblem,
  rememberedDevice,
} from "./observation.js";
import {
  parentOf,
  parseWinUsbDisks,
  parseWinUsbPnp,
  soleStorageParent,
  type WinUsbDisk,
  type WinUsbParent,
} from "./parse-win-cim.js";
import { parseUsbstor, type UsbstorInstance } from "./parse-usbstor.js";

const MAX_KNOWN = 5000;

export async function observeWindows(ctx: Ctx, memory: UsbMemory, mode: LookMode): Promise<Observation> {
  const out = await ctx.probe("win.usb-disks");
  if (!out.ok) return failedObservation(probeProblem("PowerShell (the list of USB disks)", out));
  const disks = parseWinUsbDisks(out.text);
  if (!disks.ok) return failedObservation(`PowerShell printed output Ward does not read: ${disks.error}.`);
  const obs = emptyObservation();
  let parents: WinUsbParent[] | null | undefined;
  const parentsFor = async (): Promise<WinUsbParent[] | null> => {
    if (parents !== undefined) return parents;
    const pnp = await ctx.probe("win.usb-pnp");
    const p = pnp.ok ? parseWinUsbPnp(pnp.text) : null;
    if (!pnp.ok) obs.problems.push(probeProblem("PowerShell (USB ids)", pnp));
    else if (p && !p.ok) obs.problems.push(`PowerShell printed USB ids Ward does not read: ${p.error}.`);
    parents = p?.ok ? p.value : null;
    return parents;
  };
  const livePaths = disks.value.map((d) => d.path.toUpperCase());
  for (const d of disks.value) {
    const known = rememberedDevice(mode, d.path, memory);
    if (known) {
      attach(obs, d.path, known);
      continue;
    }
    const all = (await parentsFor()) ?? [];
    let parent: WinUsbParent | null = d.instance ? parentOf(d.instance, all) : null;
    let byElimination = false;
    if (!parent && disks.value.length === 1) {
      // One USB disk and one USB mass-storage node: the same device, even without a serial to link them.
      parent = soleStorageParent(all);
      byElimination = parent !== null;
    }
    attach(obs, d.path, liveDevice(d, parent, byElimination));
  }
  obs.usbstorKnown = memory.usbstorKnown === null ? null : union(memory.usbstorKnown, livePaths);
  if (mode === "poll") return obs;

  const reg = await ctx.probe("win.usbstor");
  if (!reg.ok) {
    obs.ok = false;
    obs.problems.push(probeProblem("reg (Windows' USB storage history)", reg));
    return obs;
  }
  const history = parseUsbstor(reg.text);
  if (!history.ok) {
    obs.ok = false;
    obs.problems.push(`reg printed history Ward does not read: ${history.error}.`);
    return obs;
  }
  const all = history.value.map((h) => h.path.toUpperCase());
  if (memory.usbstorKnown === null) {
    // First read: everything already in the history predates Ward watching; it becomes the baseline, not a sighting.
    obs.usbstorKnown = union(all, livePaths);
    return obs;
  }
  const knownNow = new Set(obs.usbstorKnown ?? []);
  const rememberedSerials = new Set(
    Object.values(memory.sightings)
      .map((s) => s.serial?.toUpperCase())
      .filter((s): s is string => s !== undefined),
  );
  for (const h of history.value) {
    if (knownNow.has(h.path.toUpperCase())) continue;
    if (!h.generatedId && rememberedSerials.has(h.instance.toUpperCase())) continue; // the watch saw it with its ids
    obs.devices.push(historyDevice(h));
  }
  obs.usbstorKnown = union(obs.usbstorKnown ?? [], all);
  return obs;
}

function liveDevice(d: WinUsbDisk, parent: WinUsbParent | null, byElimination: boolean): ObservedDevice {
  const notes: string[] = [];
  if (byElimination)
    notes.push("Linked to its USB id as the only USB storage device attached (it has no serial to link by).");
  if (d.generatedId)
    notes.push("The device reports no serial number Windows could use, so it can only be matched by make and model.");
  if (!parent) notes.push("Windows did not link this disk to its USB device, so its USB id is unknown.");
  return {
    vendorId: parent?.vendorId ?? null,
    productId: parent?.productId ?? null,
    serial: d.instance ?? (d.generatedId ? null : d.serialNumber),
    vendor: d.vendorName,
    model: d.productName ?? d.model,
    sizeBytes: d.sizeBytes,
    sizeText: null,
    source: "live",
    notes,
  };
}

function historyDevice(h: UsbstorInstance): ObservedDevice {
  return {
    vendorId: null,
    productId: null,
    serial: h.generatedId ? null : h.instance,
    vendor: h.vendor,
    model: h.product ?? h.friendlyName,
    sizeBytes: null,
    sizeText: null,
    source: "history",
    notes: [
      "Found only in Windows' USB storage history: Windows keeps the make and model names there, not the USB id, so Ward cannot match it to an approval.",
      ...(h.generatedId ? ["Windows made up an id for it: the device reports no serial number."] : []),
    ],
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].slice(-MAX_KNOWN);
}
