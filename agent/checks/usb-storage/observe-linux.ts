// Linux: USB disks from lsblk (TRAN=usb, or RM=1 confirmed USB by udev), their USB ids and serial from udevadm.
import { parseLsblk } from "../common/lsblk/parse-lsblk.js";
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
import { parseUdevadm } from "./parse-udevadm.js";

export async function observeLinux(ctx: Ctx, memory: UsbMemory, mode: LookMode): Promise<Observation> {
  const look = await listDisks(ctx, "linux.lsblk", { name: "lsblk", what: "the disk list" }, parseLsblk);
  if ("failed" in look) return look.failed;
  const { disks, obs } = look;
  for (const d of disks) {
    if (d.type !== "disk" || !(d.tran === "usb" || d.removable === true)) continue;
    const name = (d.kname ?? d.name).replace(/^\/dev\//, "");
    // The watch remembers disks by name plus what lsblk says of them, so a stick swapped for another between two
    // polls under the same name (sdb) is identified afresh.
    const slot = `${name}|${d.model ?? ""}|${d.serial ?? ""}|${d.size ?? ""}`.slice(0, 300);
    if (!/^[A-Za-z0-9]{1,32}$/.test(name)) {
      obs.problems.push("lsblk listed a removable disk with a name Ward does not accept.");
      continue;
    }
    if (d.tran !== null && d.tran !== "usb") {
      notUsb(obs, slot, `${name} (${d.tran}, not USB)`);
      continue;
    }
    if (attachKnown(obs, mode, slot, memory)) continue;
    const base: ObservedDevice = {
      vendorId: null,
      productId: null,
      serial: d.serial,
      vendor: d.vendor,
      model: d.model,
      sizeBytes: null,
      sizeText: d.size,
      source: "live",
      notes: [],
    };
    const ids = await ctx.probe("linux.usb-ids", name);
    if (!ids.ok) {
      obs.problems.push(probeProblem(`udevadm (USB ids of ${name})`, ids));
      attach(obs, slot, { ...base, notes: ["Ward could not read this disk's USB ids from udev."] });
      continue;
    }
    const u = parseUdevadm(ids.text);
    if (!u.ok) {
      obs.problems.push(`udevadm printed output Ward does not read for ${name}: ${u.error}.`);
      attach(obs, slot, { ...base, notes: ["Ward could not read this disk's USB ids from udev."] });
      continue;
    }
    if (u.value.bus !== "usb" && d.tran !== "usb") {
      // RM=1 but not on USB (an SD card in a built-in reader): outside this control, listed for the IT provider.
      notUsb(obs, slot, `${name} (${u.value.bus ?? "unknown bus"}, not USB)`);
      continue;
    }
    const notes: string[] = [];
    if (!u.value.serial) notes.push(NO_SERIAL_NOTE);
    if (!u.value.vendorId || !u.value.productId) notes.push("udev gave no USB vendor/product id for this disk.");
    attach(obs, slot, {
      ...base,
      vendorId: u.value.vendorId,
      productId: u.value.productId,
      serial: u.value.serial,
      vendor: u.value.vendor ?? d.vendor,
      model: u.value.model ?? d.model,
      notes,
    });
  }
  return obs;
}
