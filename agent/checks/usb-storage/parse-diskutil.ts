// Parses `diskutil list -plist external physical` (the whole-disk names) and `diskutil info <disk>` (protocol, name, size).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { clean } from "./device.js";

/**
 * Reads only the top-level WholeDisks array of the XML plist. A full plist parser is not needed for one array of
 * strings; anything that does not look like that plist is rejected (unknown), never read as "no disks".
 */
export function parseDiskutilList(text: string): Parsed<string[]> {
  if (!/<plist[\s>]/.test(text) || !/<\/plist>\s*$/.test(text)) return unparsed("diskutil did not print a plist");
  const m = /<key>WholeDisks<\/key>\s*(<array\/>|<array>([\s\S]*?)<\/array>)/.exec(text);
  if (!m) return unparsed("diskutil plist has no WholeDisks list");
  const body = m[2] ?? "";
  const names: string[] = [];
  const rest = body.replace(/<string>([^<]*)<\/string>/g, (_all, name: string) => {
    names.push(name);
    return "";
  });
  if (rest.trim() !== "") return unparsed("diskutil WholeDisks holds something other than names");
  if (names.some((n) => !/^disk[0-9]+$/.test(n))) return unparsed("diskutil WholeDisks holds a name that is not diskN");
  return parsed([...new Set(names)]);
}

export interface DiskutilInfo {
  deviceIdentifier: string;
  /** "USB", "PCI-Express", "Thunderbolt", "SATA", "Disk Image", … */
  protocol: string | null;
  mediaName: string | null;
  sizeBytes: number | null;
  /** "External" / "Internal" */
  location: string | null;
  /** "Removable" / "Fixed" / "No": USB sticks often say Fixed (balena drivelist#213), so Ward never relies on it. */
  removable: string | null;
}

/** `diskutil info` prints "   Key:   value" lines (English field names whatever the system language). */
export function parseDiskutilInfo(text: string): Parsed<DiskutilInfo> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^:]{1,60}):\s+(.*?)\s*$/.exec(line);
    if (m?.[1] && m[2] !== undefined && !fields.has(m[1].trim())) fields.set(m[1].trim(), m[2]);
  }
  const id = fields.get("Device Identifier");
  if (!id || !/^disk[0-9]+(s[0-9]+)?$/.test(id)) return unparsed("diskutil info has no Device Identifier line");
  const size = /\((\d+) Bytes\)/.exec(fields.get("Disk Size") ?? "")?.[1];
  const bytes = size === undefined ? null : Number(size);
  return parsed({
    deviceIdentifier: id,
    protocol: clean(fields.get("Protocol")),
    mediaName: clean(fields.get("Device / Media Name")),
    sizeBytes: bytes !== null && Number.isSafeInteger(bytes) ? bytes : null,
    location: clean(fields.get("Device Location")),
    removable: clean(fields.get("Removable Media")),
  });
}
