// Parses `system_profiler SPUSBDataType -json`: every USB device that carries a disk ("Media"), keyed by bsd name.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { clean, hex4 } from "./device.js";

export interface ProfilerStorage {
  /** Whole-disk bsd name, e.g. "disk2". */
  bsdName: string;
  vendorId: string | null;
  productId: string | null;
  serial: string | null;
  /** manufacturer string, else the vendor name in brackets after vendor_id. */
  vendor: string | null;
  /** The USB device's product name (_name). */
  model: string | null;
  sizeBytes: number | null;
  /** "yes"/"no" as printed; external SSDs say "no" although they are personal storage all the same. */
  removableMedia: string | null;
  /** vendor_id was a word ("apple_vendor_id") rather than hex. */
  vendorIdText: string | null;
}

type Node = Record<string, unknown>;

/** Bounded walk: a hub tree deeper than this is not a real USB topology (the spec allows 7 tiers). */
const MAX_DEPTH = 12;

export function parseSystemProfiler(text: string): Parsed<ProfilerStorage[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return unparsed("system_profiler did not print JSON");
  }
  const buses = (doc as { SPUSBDataType?: unknown } | null)?.SPUSBDataType;
  if (!Array.isArray(buses)) return unparsed("system_profiler JSON has no SPUSBDataType list");
  const out: ProfilerStorage[] = [];
  const walk = (items: unknown, depth: number): string | null => {
    if (items === undefined) return null;
    if (!Array.isArray(items)) return "system_profiler _items is not a list";
    if (depth > MAX_DEPTH) return "system_profiler USB tree is deeper than any real one";
    for (const item of items) {
      if (typeof item !== "object" || item === null) return "system_profiler USB entry is not an object";
      const node = item as Node;
      const media = node["Media"];
      if (media !== undefined) {
        if (!Array.isArray(media)) return "system_profiler Media is not a list";
        for (const m of media) {
          if (typeof m !== "object" || m === null) return "system_profiler Media entry is not an object";
          const bsd = str((m as Node)["bsd_name"]);
          if (!bsd || !/^disk[0-9]+$/.test(bsd)) continue; // a reader slot with no card has no disk
          out.push(storageOf(node, m as Node, bsd));
        }
      }
      const err = walk(node["_items"], depth + 1);
      if (err) return err;
    }
    return null;
  };
  for (const bus of buses) {
    if (typeof bus !== "object" || bus === null) return unparsed("system_profiler bus entry is not an object");
    const err = walk((bus as Node)["_items"], 1);
    if (err) return unparsed(err);
  }
  return parsed(out);
}

function storageOf(device: Node, media: Node, bsdName: string): ProfilerStorage {
  const vendorRaw = str(device["vendor_id"]);
  const vendorId = hex4(vendorRaw);
  const bracket = vendorRaw ? /\((.+)\)\s*$/.exec(vendorRaw)?.[1] : undefined;
  const size = media["size_in_bytes"];
  return {
    bsdName,
    vendorId,
    productId: hex4(str(device["product_id"])),
    serial: clean(str(device["serial_num"])),
    vendor: clean(str(device["manufacturer"])) ?? clean(bracket),
    model: clean(str(device["_name"])),
    sizeBytes: typeof size === "number" && Number.isSafeInteger(size) && size >= 0 ? size : null,
    removableMedia: str(media["removable_media"]),
    vendorIdText: vendorId === null ? clean(vendorRaw) : null,
  };
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}
