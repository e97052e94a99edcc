// Parses `reg query HKLM\SYSTEM\CurrentControlSet\Enum\USBSTOR /s` into device instances (names and instance ids only).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import { clean } from "./device.js";
import { storId } from "./windows-ids.js";

export interface UsbstorInstance {
  /** "Disk&Ven_JetFlash&Prod_Transcend_16GB&Rev_8.07\XHLRW9WJ&0": the stable history key. */
  path: string;
  /** Device type prefix: Disk, CdRom, … (only Disk counts as storage here). */
  type: string;
  vendor: string | null;
  product: string | null;
  revision: string | null;
  /** Instance id without the trailing "&<lun>": the serial when the device has one. */
  instance: string;
  /** True when Windows made the instance id up (second character '&': the device reports no unique serial). */
  generatedId: boolean;
  friendlyName: string | null;
}

const ROOT = /^HKEY_LOCAL_MACHINE\\SYSTEM\\(?:CurrentControlSet|ControlSet\d{3})\\Enum\\USBSTOR(?:\\(.*))?$/i;

/**
 * reg prints each key on its own line, then its values indented as "    Name    REG_TYPE    data". Value names and
 * key names are the same in every Windows language; FriendlyName data is a device string (hostile, cleaned).
 * "ERROR: The system was unable to find the specified registry key or value." (exit 1) means no history at all.
 */
export function parseUsbstor(text: string): Parsed<UsbstorInstance[]> {
  const trimmed = text.trim();
  if (trimmed === "" || /^ERROR: The system was unable to find the specified registry key/i.test(trimmed))
    return parsed([]);
  const byPath = new Map<string, UsbstorInstance>();
  let current: UsbstorInstance | null = null;
  let sawRoot = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const key = ROOT.exec(line.trim());
    if (key) {
      sawRoot = true;
      const parts = (key[1] ?? "").split("\\");
      const found = parts.length >= 2 ? instanceOf(parts[0] ?? "", parts[1] ?? "") : null;
      if (found && !byPath.has(found.path)) byPath.set(found.path, found);
      // Values belong to the instance key itself; its subkeys (Device Parameters, Properties) are not read.
      current = found && parts.length === 2 ? (byPath.get(found.path) ?? null) : null;
      continue;
    }
    if (/^HKEY_/i.test(line.trim())) return unparsed("reg printed a key outside USBSTOR");
    const value = /^\s+(\S+)\s+(REG_[A-Z_]+)\s*(.*)$/.exec(line);
    if (!value) return unparsed("reg printed a line Ward does not read");
    if (current && value[1] === "FriendlyName") current.friendlyName = clean(value[3]);
  }
  if (!sawRoot) return unparsed("reg output does not list the USBSTOR key");
  return parsed([...byPath.values()]);
}

/** "<type>&Ven_…" model key plus instance key; a subkey line (…\Properties) still proves its instance exists. */
function instanceOf(model: string, inst: string): UsbstorInstance | null {
  const id = storId(model, inst);
  if (!id) return null;
  return {
    path: id.path,
    type: id.type,
    vendor: id.vendor,
    product: id.product,
    revision: id.revision,
    instance: id.instance,
    generatedId: id.generated,
    friendlyName: null,
  };
}
