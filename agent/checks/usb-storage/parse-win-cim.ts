// Parses the PowerShell `ConvertTo-Json` output of the Win32_DiskDrive (USB) and Win32_PnPEntity (USB\VID_…) probes.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { clean, hex4 } from "./device.js";

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
  if (list.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) return unparsed(`${what}: JSON is not a list of objects`);
  return parsed(list as Record<string, unknown>[]);
}

export interface WinUsbDisk {
  /** "DISK&VEN_…&PROD_…&REV_…\\<instance>": the same path as the device's USBSTOR registry key (compare without case). */
  path: string;
  model: string | null;
  /** From PNPDeviceID "USBSTOR\DISK&VEN_<v>&PROD_<p>&REV_<r>\<instance>"; underscores read as spaces. */
  vendorName: string | null;
  productName: string | null;
  /** Instance id without "&<lun>"; the USB serial unless Windows generated it. */
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
    const m = /^USBSTOR\\([^\\]+)\\([^\\]+)$/i.exec(pnp);
    // UAS sticks enumerate as SCSI\DISK&VEN_…: still USB (the query filtered InterfaceType='USB'), without instance serial.
    const scsi = /^SCSI\\([^\\]+)\\([^\\]+)$/i.exec(pnp);
    const hit = m ?? scsi;
    if (!hit?.[1] || !hit[2]) return unparsed("Win32_DiskDrive: PNPDeviceID is not a USBSTOR or SCSI device path");
    const field = (name: string) => {
      const f = new RegExp(`&${name}_([^&]*)`, "i").exec(hit[1] ?? "");
      return f?.[1] !== undefined ? clean(f[1].replace(/_/g, " ")) : null;
    };
    const inst = hit[2];
    const generated = scsi !== null || inst.charAt(1) === "&";
    const rawSerial = typeof rec["SerialNumber"] === "string" ? (rec["SerialNumber"] as string) : null;
    const serialOk = rawSerial !== null && !/[\u0000-\u001f]/.test(rawSerial) ? clean(rawSerial) : null;
    const size = rec["Size"];
    out.push({
      path: m ? `${hit[1]}\\${inst}` : pnp,
      model: clean(typeof rec["Model"] === "string" ? (rec["Model"] as string) : null),
      vendorName: field("VEN"),
      productName: field("PROD"),
      instance: generated ? null : clean(inst.replace(/&\d+$/, "")),
      generatedId: generated,
      serialNumber: serialOk,
      sizeBytes: typeof size === "number" && Number.isSafeInteger(size) && size >= 0 ? size : null,
    });
  }
  return parsed(out);
}

export interface WinUsbParent {
  vendorId: string;
  productId: string;
  /** Instance id: the USB serial, or a Windows-made id ("5&3478949&0&7") when the device has none. */
  instance: string;
}

export function parseWinUsbPnp(text: string): Parsed<WinUsbParent[]> {
  const r = records(text, "Win32_PnPEntity");
  if (!r.ok) return r;
  const out: WinUsbParent[] = [];
  for (const rec of r.value) {
    const id = rec["PNPDeviceID"];
    if (typeof id !== "string") return unparsed("Win32_PnPEntity: an entry has no PNPDeviceID");
    const m = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})\\([^\\]+)$/i.exec(id);
    if (!m?.[1] || !m[2] || !m[3]) continue; // composite children (…&MI_00) and hubs are not what Ward needs
    const vendorId = hex4(m[1]);
    const productId = hex4(m[2]);
    if (vendorId && productId) out.push({ vendorId, productId, instance: m[3] });
  }
  return parsed(out);
}

/**
 * The USB parent of a USBSTOR disk: same instance serial (case-insensitive). USB 3 sticks can show a USBSTOR serial
 * that is a prefix of the USB one (Jinjinov/Usb.Events#11), so a unique prefix match counts too.
 */
export function parentOf(instance: string, parents: readonly WinUsbParent[]): WinUsbParent | null {
  const want = instance.toUpperCase();
  const exact = parents.filter((p) => p.instance.toUpperCase() === want);
  if (exact.length === 1) return exact[0] ?? null;
  if (exact.length > 1) return null;
  const prefix = parents.filter((p) => want.length >= 8 && p.instance.toUpperCase().startsWith(want));
  return prefix.length === 1 ? (prefix[0] ?? null) : null;
}
