// One USB storage device as Ward reports it (identity and label only, never contents), and its stable memory key.
import { z } from "zod";
import { UsbDeviceSeen } from "../../../shared/controls/usb-storage.js";

/** What a probe saw of one attached (or, on Windows, historically connected) USB storage device (shared schema). */
export const ObservedDevice = UsbDeviceSeen;
export type ObservedDevice = z.infer<typeof ObservedDevice>;

/** A device remembered between reports: first and last time Ward saw it. */
export const Sighting = ObservedDevice.extend({
  key: z.string().max(600),
  firstSeen: z.iso.datetime({ offset: true }),
  lastSeen: z.iso.datetime({ offset: true }),
});
export type Sighting = z.infer<typeof Sighting>;

/**
 * Memory key: vendor:product:serial. A device without ids (Windows history, macOS without a system_profiler match)
 * is keyed by its names instead, prefixed "names:", so it can never collide with an id key.
 */
export function deviceKey(d: Pick<ObservedDevice, "vendorId" | "productId" | "serial" | "vendor" | "model">): string {
  if (d.vendorId && d.productId) return `${d.vendorId}:${d.productId}:${d.serial ?? ""}`;
  return `names:${clean(d.vendor) ?? ""}|${clean(d.model) ?? ""}|${d.serial ?? ""}`;
}

/** The label Ward shows for a device, and what a clerk gives the DSFM when asking for approval. */
export function deviceLabel(
  d: Pick<ObservedDevice, "vendorId" | "productId" | "serial" | "vendor" | "model" | "sizeBytes" | "sizeText">,
): string {
  const name =
    [clean(d.vendor), clean(d.model)].filter((s): s is string => s !== null).join(" ") || "Unnamed USB storage";
  const ids = d.vendorId && d.productId ? `USB id ${d.vendorId}:${d.productId}` : "USB id unknown";
  const serial = d.serial ? `serial ${d.serial}` : "no serial number";
  const size = d.sizeBytes !== null ? formatBytes(d.sizeBytes) : d.sizeText;
  return [name, size ? `(${size})` : null, `— ${ids}, ${serial}`].filter((s) => s !== null).join(" ");
}

/** Device text is hostile input: drop control characters, squeeze blanks, cap the length. */
export function clean(s: string | null | undefined, max = 256): string | null {
  if (s === null || s === undefined) return null;
  const out = s
    .replace(/[\t\n\r]/g, " ")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
  return out === "" ? null : out;
}

/** "0x0781  (SanDisk Corporation)", "0781", "VID_0781" -> "0781"; anything else -> null. */
export function hex4(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^(?:0x|VID_|PID_)?([0-9a-fA-F]{4})\b/.exec(s.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const num = v >= 10 || i === 0 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, "");
  return `${num} ${units[i]}`;
}
