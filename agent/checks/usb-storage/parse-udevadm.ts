// Parses `udevadm info --query=property` (KEY=VALUE lines; "E: KEY=VALUE" in --query=all form) into USB ids.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { clean, hex4 } from "./device.js";

export interface UdevUsbIds {
  /** ID_BUS: "usb" for USB disks, "ata"/"scsi"/absent for others. */
  bus: string | null;
  vendorId: string | null;
  productId: string | null;
  /** ID_SERIAL_SHORT; null when the device reports no serial (udev then builds ID_SERIAL from names only). */
  serial: string | null;
  vendor: string | null;
  model: string | null;
  /** ID_USB_DRIVER: "usb-storage" or "uas" for USB mass storage. */
  usbDriver: string | null;
}

export function parseUdevadm(text: string): Parsed<UdevUsbIds> {
  const env = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.startsWith("E: ") ? raw.slice(3) : raw;
    const m = /^([A-Z][A-Z0-9_]{0,63})=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) env.set(m[1], m[2]);
  }
  // Every udev block device has DEVNAME; without it this is not udevadm's property output.
  if (!env.has("DEVNAME") && !env.has("DEVPATH")) return unparsed("udevadm printed no device properties");
  return parsed({
    bus: clean(env.get("ID_BUS")),
    vendorId: hex4(env.get("ID_VENDOR_ID")),
    productId: hex4(env.get("ID_MODEL_ID")),
    serial: clean(env.get("ID_SERIAL_SHORT")),
    vendor: clean(decodeUdev(env.get("ID_VENDOR_ENC")) ?? env.get("ID_VENDOR")),
    model: clean(decodeUdev(env.get("ID_MODEL_ENC")) ?? env.get("ID_MODEL")),
    usbDriver: clean(env.get("ID_USB_DRIVER")),
  });
}

/** udev's *_ENC values escape bytes as \xNN (spaces as \x20); non-ASCII bytes are dropped rather than guessed. */
function decodeUdev(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => {
    const code = Number.parseInt(h, 16);
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : "";
  });
}
