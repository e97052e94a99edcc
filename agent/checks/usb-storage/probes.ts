// The probes the usb-storage control runs on each OS: which USB disks are attached, their USB ids, and Windows' USBSTOR history.
import { lsblkProbe } from "../common/lsblk/probe.js";
import type { ProbeDefinition } from "../framework/probe.js";

const POWERSHELL = ["-NoProfile", "-NonInteractive", "-Command"] as const;

/**
 * Win32_DiskDrive has no USB vendor/product ids: PNPDeviceID is USBSTOR\DISK&VEN_<name>&PROD_<name>&REV_<rev>\<instance>,
 * where <instance> is the device serial plus "&0" (or a Windows-made id such as 7&1a2b3c&0 when the stick has none).
 * SerialNumber can hold control characters on some sticks (systeminformation PR #1039), so the parser prefers the
 * instance id. ConvertTo-Json prints one object for one disk, an array for several, and nothing at all for none.
 */
export const winUsbDisksProbe: ProbeDefinition = {
  id: "win.usb-disks",
  os: "windows",
  description: "USB disks attached now: model, PnP device id (vendor/product names and instance serial), serial, size.",
  spec: () => ({
    kind: "exec",
    file: "powershell.exe",
    args: [
      ...POWERSHELL,
      "Get-CimInstance Win32_DiskDrive -Filter \"InterfaceType='USB'\" | Select-Object Model,PNPDeviceID,SerialNumber,Size,MediaType | ConvertTo-Json -Compress",
    ],
    timeoutMs: 30_000,
  }),
};

/**
 * The USB parent device of each attached disk carries the vendor and product ids: USB\VID_0781&PID_5567\<serial>.
 * Its <serial> equals the USBSTOR instance serial (USB 3 sticks: the USBSTOR one can be a truncated prefix, see
 * Jinjinov/Usb.Events#11). Service is USBSTOR (UASPStor for UAS) on the USB node of a mass-storage device. Win32_PnPEntity
 * lists present devices only.
 */
export const winUsbPnpProbe: ProbeDefinition = {
  id: "win.usb-pnp",
  os: "windows",
  description:
    "Present USB devices with their vendor:product ids and instance serials, to give attached disks their ids.",
  spec: () => ({
    kind: "exec",
    file: "powershell.exe",
    args: [
      ...POWERSHELL,
      "Get-CimInstance Win32_PnPEntity | Where-Object { $_.PNPDeviceID -like 'USB\\VID_*' } | Select-Object PNPDeviceID,Name,Service | ConvertTo-Json -Compress",
    ],
    timeoutMs: 30_000,
  }),
};

/**
 * Every USB storage device Windows has ever set up, including while Ward was not running: one key per model
 * (Disk&Ven_<name>&Prod_<name>&Rev_<rev>) and one subkey per device instance (<serial>&0, or a Windows-made id whose
 * second character is '&' when the device has no serial). Names only, no USB ids. Readable without admin rights.
 */
export const winUsbstorProbe: ProbeDefinition = {
  id: "win.usbstor",
  os: "windows",
  description: "USB storage history from the registry: vendor/product names, instance ids and friendly names.",
  spec: () => ({
    kind: "exec",
    file: "reg.exe",
    args: ["query", "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\USBSTOR", "/s"],
    // reg exits 1 when the key does not exist (no USB storage ever connected): the parser reads that as "no history".
    okExitCodes: [0, 1],
    timeoutMs: 30_000,
  }),
};

/**
 * JSON ({"SPUSBDataType": [bus, …]}), each bus and hub holding "_items"; a storage device has "Media" entries with
 * "bsd_name" (disk2), "size_in_bytes" and "removable_media". vendor_id looks like "0x0781  (SanDisk Corporation)" or
 * "apple_vendor_id"; all values are strings. Some macOS versions print an empty list here while devices are
 * attached (SPUSBHostDataType replaces it), so an empty list never proves that nothing is attached.
 */
export const macUsbProbe: ProbeDefinition = {
  id: "mac.usb",
  os: "macos",
  description: "USB device tree with vendor/product ids, serial numbers and the disks (bsd names) they carry.",
  spec: () => ({
    kind: "exec",
    file: "/usr/sbin/system_profiler",
    args: ["SPUSBDataType", "-json"],
    timeoutMs: 60_000,
  }),
};

/** XML plist; "WholeDisks" lists the external physical whole disks (disk2). Empty arrays when none is attached. */
export const macDiskutilExternalProbe: ProbeDefinition = {
  id: "mac.diskutil-external",
  os: "macos",
  description: "External physical disks attached now (cheap: used by the watch between cycles).",
  spec: () => ({
    kind: "exec",
    file: "/usr/sbin/diskutil",
    args: ["list", "-plist", "external", "physical"],
    timeoutMs: 20_000,
  }),
};

/**
 * "Key:   value" lines in English whatever the system language; "Protocol: USB", "Device / Media Name",
 * "Disk Size: 4.0 GB (4009754624 Bytes) …", "Device Location: External", "Removable Media: Removable|Fixed".
 */
export const macDiskutilInfoProbe: ProbeDefinition = {
  id: "mac.diskutil-info",
  os: "macos",
  description: "One external disk's protocol (USB or not), media name and size.",
  spec: (disk) => ({ kind: "exec", file: "/usr/sbin/diskutil", args: ["info", safeDiskName(disk)], timeoutMs: 20_000 }),
};

/**
 * KEY=VALUE lines (udevadm ≥ 174; `--query=all` prints the same with an "E: " prefix). ID_VENDOR_ID and ID_MODEL_ID
 * are the USB ids (4 hex digits); ID_SERIAL_SHORT is the USB serial and is missing when the device has none.
 */
export const linuxUsbIdsProbe: ProbeDefinition = {
  id: "linux.usb-ids",
  os: "linux",
  description: "USB vendor/product ids and serial of one disk, from udev.",
  spec: (kname) => ({
    kind: "exec",
    file: "udevadm",
    args: ["info", "--query=property", `--name=/dev/${safeDiskName(kname)}`],
    timeoutMs: 10_000,
  }),
};

export { lsblkProbe };

export const USB_STORAGE_PROBES: readonly ProbeDefinition[] = [
  winUsbDisksProbe,
  winUsbPnpProbe,
  winUsbstorProbe,
  macUsbProbe,
  macDiskutilExternalProbe,
  macDiskutilInfoProbe,
  lsblkProbe,
  linuxUsbIdsProbe,
];

/** Disk names come from tool output: only plain names (disk2, sdb, nvme0n1) may reach an argument. */
export function safeDiskName(name: string | undefined): string {
  if (name === undefined || !/^[A-Za-z0-9]{1,32}$/.test(name)) throw new Error(`not a disk name: ${String(name)}`);
  return name;
}
