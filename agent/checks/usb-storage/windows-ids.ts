// Windows device instance ids: USBSTOR\DISK&VEN_…&PROD_…&REV_…\<instance> (storage) and USB\VID_xxxx&PID_xxxx\<instance>.
import { clean, hex4 } from "./device.js";

export interface StorId {
  /** "DISK&VEN_…&PROD_…&REV_…\<instance>": also the path of the device's USBSTOR registry key (compare without case). */
  path: string;
  /** Device type: Disk, CdRom, … */
  type: string;
  vendor: string | null;
  product: string | null;
  revision: string | null;
  /** Instance id without the trailing "&<lun>". */
  instance: string;
  /**
   * Windows made the instance id up (its second character is '&', e.g. 7&1a2b3c&0): the device has no serial Windows
   * could use, so the instance is not a serial and cannot link the disk to its USB parent.
   */
  generated: boolean;
}

/** Model key ("Disk&Ven_SanDisk&Prod_Cruzer&Rev_1.26") and instance key; names have '_' for spaces. */
export function storId(model: string, instance: string): StorId | null {
  if (!model || !instance || !/^[^&\\]+&/.test(model)) return null;
  const field = (name: string) => {
    const m = new RegExp(`&${name}_([^&]*)`, "i").exec(model);
    return m?.[1] !== undefined ? clean(m[1].replace(/_/g, " ")) : null;
  };
  return {
    path: `${model}\\${instance}`,
    type: model.split("&")[0] ?? "",
    vendor: field("Ven"),
    product: field("Prod"),
    revision: field("Rev"),
    instance: instance.replace(/&\d+$/, ""),
    generated: instance.charAt(1) === "&",
  };
}

/** "USBSTOR\DISK&VEN_…\<instance>" as Win32_DiskDrive.PNPDeviceID prints it; null for anything else. */
export function parseStorDeviceId(pnp: string): StorId | null {
  const m = /^USBSTOR\\([^\\]+)\\([^\\]+)$/i.exec(pnp);
  return m?.[1] && m[2] ? storId(m[1], m[2]) : null;
}

export interface UsbParentId {
  vendorId: string;
  productId: string;
  instance: string;
}

/** "USB\VID_0781&PID_5591\<instance>"; composite children (…&MI_00) and hubs without ids give null. */
export function parseUsbDeviceId(pnp: string): UsbParentId | null {
  const m = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})\\([^\\]+)$/i.exec(pnp);
  const vendorId = hex4(m?.[1]);
  const productId = hex4(m?.[2]);
  return m?.[3] && vendorId && productId ? { vendorId, productId, instance: m[3] } : null;
}
