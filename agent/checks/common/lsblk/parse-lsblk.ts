// Pure parser for `lsblk -J` output: a flat device list where each device knows its ancestors.
import { type Parsed, parsed, unparsed } from "../../framework/parsed.js";

export interface LsblkDevice {
  name: string;
  kname: string | null;
  /** disk, part, crypt, lvm, loop, rom, raid1, … */
  type: string;
  fstype: string | null;
  mountpoint: string | null;
  removable: boolean | null;
  /** usb, sata, nvme, … (null for virtual devices and on old lsblk without the column) */
  tran: string | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  size: string | null;
  /** Ancestors, nearest first: a crypt device's partition, then its disk. */
  ancestors: { name: string; type: string; tran: string | null }[];
}

type Raw = Record<string, unknown> & { children?: unknown };

export function parseLsblk(text: string): Parsed<LsblkDevice[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return unparsed("lsblk did not print JSON");
  }
  const top = (doc as { blockdevices?: unknown } | null)?.blockdevices;
  if (!Array.isArray(top)) return unparsed("lsblk JSON has no blockdevices list");
  const out: LsblkDevice[] = [];
  const walk = (nodes: unknown[], ancestors: LsblkDevice["ancestors"], depth: number): string | null => {
    if (depth > 16) return "lsblk tree is deeper than any real device stack";
    for (const node of nodes) {
      if (typeof node !== "object" || node === null) return "lsblk device is not an object";
      const raw = node as Raw;
      const name = str(raw.name);
      const type = str(raw.type);
      if (!name || !type) return "lsblk device without name or type";
      const dev: LsblkDevice = {
        name,
        kname: str(raw.kname),
        type,
        fstype: str(raw.fstype),
        mountpoint: str(raw.mountpoint) ?? firstMountpoint(raw.mountpoints),
        removable: bool(raw.rm),
        tran: str(raw.tran),
        vendor: str(raw.vendor)?.trim() || null,
        model: str(raw.model)?.trim() || null,
        serial: str(raw.serial)?.trim() || null,
        size: str(raw.size),
        ancestors,
      };
      out.push(dev);
      if (Array.isArray(raw.children)) {
        const err = walk(raw.children, [{ name, type, tran: dev.tran }, ...ancestors], depth + 1);
        if (err) return err;
      }
    }
    return null;
  };
  const err = walk(top, [], 0);
  return err ? unparsed(err) : parsed(out);
}

/** The device mounted at a path ("/"), if any. */
export function deviceMountedAt(devices: LsblkDevice[], path: string): LsblkDevice | undefined {
  return devices.find((d) => d.mountpoint === path);
}

function str(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return null;
}

function bool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (v === "1" || v === 1) return true;
  if (v === "0" || v === 0) return false;
  return null;
}

function firstMountpoint(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const first = v.find((m) => typeof m === "string");
  return typeof first === "string" ? first : null;
}
