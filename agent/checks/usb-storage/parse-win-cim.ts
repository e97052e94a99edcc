// Parses the PowerShell `ConvertTo-Json` output of the Win32_DiskDrive (USB) and Win32_PnPEntity (USB\VID_…) probes.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { clean } from "./device.js";
import { parseStorDeviceId, parseUsbDeviceId, type UsbParentId } from "./windows-ids.js";

/**
 * ConvertTo-Json prints nothing for zero objects, one object for one, an array for several. No real capture of these
 * two commands with a USB disk attached was found (see fixtures/SOURCES.md): the parser reads only the documented
 * Win32_DiskDrive / Win32_PnPEntity property names and rejects any other shape, so an unexpected output makes the
 * check unknown rather than being guessed at.
 */
function records(text: string, what: string): Parsed<Record<string, unknown>[]> {
  const t = text.replace(/^\uFEFF/, "").trim();
  if (t === "") return parsed([]);
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return unparsed(`${what}: PowerShell did not print JSON`);
  }
  const list = Array.isArray(doc) ? doc : [doc];
  if (list.some((r) => typeof r !== "object" || r === null || Array.isArray(r)))
    return unparsed(`${what}: JSON is not a list of objects`);
  return parsed(list as Record<string, unknown>[]);
}

export interface WinUsbDisk {
  /** The disk's PNPDeviceID without "USBSTOR\" (its USBSTOR registry key path); the whole id for UAS disks. */
  path: string;
  model: string | null;
  vendorName: string | null;
  productName: string | null;
  /** Instance serial (the USB serial); null when Windows generated the instance id, or for UAS disks. */
  instance: string | null;
  generatedId: boolean;
  /** SerialNumber when it is clean text; some sticks return control characters here (systeminformation PR #1039). */
  serialNumber: string | null;
  sizeBytes: number | null;
}

export function parseWinUsbDisks(text: string): Parsed<WinUsbDisk[]> {
  const r = records(text, "Win32_DiskDrive");
  if (!r.ok) return r;
  const out: WinUsbDisk[] = [];
  for (const rec of r.value) {
    const pnp = rec["PNPDeviceID"];
    if (typeof pnp !== "string") return unparsed("Win32_DiskDrive: a disk has no PNPDeviceID");
    const stor = parseStorDeviceId(pnp);
    // UAS disks enumerate as SCSI\DISK&VEN_…: still USB (the query filtered InterfaceType='USB'), without a serial id.
    if (!stor && !/^SCSI\\[^\\]+\\[^\\]+$/i.test(pnp))
      return unparsed("Win32_DiskDrive: PNPDeviceID is not a USBSTOR or SCSI device path");
    const rawSerial = typeof rec["SerialNumber"] === "string" ? (rec["SerialNumber"] as string) : null;
    const size = rec["Size"];
    out.push({
      path: stor ? stor.path : pnp,
      model: clean(typeof rec["Model"] === "string" ? (rec["Model"] as string) : null),
      vendorName: stor?.vendor ?? null,
      productName: stor?.product ?? null,
      instance: stor && !stor.generated ? clean(stor.instance) : null,
      generatedId: stor ? stor.generated : true,
      serialNumber: rawSerial !== null && !/[\u0000-\u001f]/.test(rawSerial) ? clean(rawSerial) : null,
      sizeBytes: typeof size === "number" && Number.isSafeInteger(size) && size >= 0 ? size : null,
    });
  }
  return parsed(out);
}

export interface WinUsbParent extends UsbParentId {
  /** Win32_PnPEntity.Service: "USBSTOR" (or "UASPStor") for the USB node of a mass-storage device. */
  service: string | null;
}

export function parseWinUsbPnp(text: string): Parsed<WinUsbParent[]> {
  const r = records(text, "Win32_PnPEntity");
  if (!r.ok) return r;
  const out: WinUsbParent[] = [];
  for (const rec of r.value) {
    const id = rec["PNPDeviceID"];
    if (typeof id !== "string") return unparsed("Win32_PnPEntity: an entry has no PNPDeviceID");
    const parent = parseUsbDeviceId(id);
    const service = typeof rec["Service"] === "string" ? clean(rec["Service"] as string) : null;
    if (parent) out.push({ ...parent, service });
  }
  return parsed(out);
}

/**
 * The USB parent of a USBSTOR disk: same instance serial (case-insensitive). USB 3 sticks can show a USBSTOR serial
 * that is a prefix of the USB one (Jinjinov/Usb.Events#11), so a unique prefix match counts too.
 */
export function parentOf<T extends UsbParentId>(instance: string, parents: readonly T[]): T | null {
  const want = instance.toUpperCase();
  const exact = parents.filter((p) => p.instance.toUpperCase() === want);
  if (exact.length === 1) return exact[0] ?? null;
  if (exact.length > 1) return null;
  const prefix = parents.filter((p) => want.length >= 8 && p.instance.toUpperCase().startsWith(want));
  return prefix.length === 1 ? (prefix[0] ?? null) : null;
}

const STORAGE_SERVICES = new Set(["USBSTOR", "UASPSTOR"]);

/**
 * A disk without a usable serial cannot be linked by instance id. When it is the only USB disk attached and there is
 * exactly one USB mass-storage node (service USBSTOR/UASPStor), they are the same device.
 */
export function soleStorageParent(parents: readonly WinUsbParent[]): WinUsbParent | null {
  const storage = parents.filter((p) => p.service !== null && STORAGE_SERVICES.has(p.service.toUpperCase()));
  return storage.length === 1 ? (storage[0] ?? null) : null;
}
