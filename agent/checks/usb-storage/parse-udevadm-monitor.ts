// Parses `udevadm monitor --kernel --udev --property --subsystem-match=block`: one block per event, told as it happens.
export interface BlockEvent {
  /** KERNEL: the kernel's uevent (always); UDEV: the same after udev's rules, with ID_* properties (needs udevd). */
  source: "KERNEL" | "UDEV";
  action: string;
  devpath: string;
  subsystem: string;
  /** KEY=VALUE lines after the header (only with --property): DEVNAME=/dev/sdb, DEVTYPE=disk, ID_VENDOR_ID=0781… */
  properties: Record<string, string>;
}

// "KERNEL[2303.340407] change   /devices/virtual/block/loop0 (block)"; "UDEV  [159527.965862] remove …" (udev pads).
const HEADER = /^(KERNEL|UDEV)\s*\[[\d.]+\]\s+(\S+)\s+(\S+)\s+\((\S+)\)\s*$/;
const PROPERTY = /^([A-Z0-9_]{1,64})=(.*)$/;

/**
 * Reads the stream a line at a time (the monitor never ends): push() returns the events completed so far. An event
 * ends at the next header or blank line. Lines that are neither (the banner, anything unexpected) are skipped.
 */
export class UdevMonitorParser {
  private current: BlockEvent | null = null;
  private rest = "";

  push(chunk: string): BlockEvent[] {
    const lines = (this.rest + chunk).split("\n");
    this.rest = lines.pop() ?? "";
    if (this.rest.length > 65_536) this.rest = "";
    const done: BlockEvent[] = [];
    for (const raw of lines) this.line(raw.replace(/\r$/, ""), done);
    return done;
  }

  /** The event still open when the stream ended. */
  end(): BlockEvent[] {
    const done: BlockEvent[] = [];
    if (this.rest) this.line(this.rest, done);
    this.rest = "";
    if (this.current) done.push(this.current);
    this.current = null;
    return done;
  }

  private line(line: string, done: BlockEvent[]): void {
    const h = HEADER.exec(line);
    if (h) {
      if (this.current) done.push(this.current);
      this.current = {
        source: h[1] as BlockEvent["source"],
        action: h[2]!,
        devpath: h[3]!,
        subsystem: h[4]!,
        properties: {},
      };
      return;
    }
    if (line.trim() === "") {
      if (this.current) done.push(this.current);
      this.current = null;
      return;
    }
    const p = PROPERTY.exec(line);
    if (p && this.current && Object.keys(this.current.properties).length < 200)
      this.current.properties[p[1]!] = p[2]!.slice(0, 1000);
  }
}

export function readUdevMonitorEvents(text: string): BlockEvent[] {
  const p = new UdevMonitorParser();
  return [...p.push(text), ...p.end()];
}

/** Devices that are never removable storage (loop, ram, zram, device-mapper, optical), unless a test admits loop. */
const NEVER_STORAGE = /^(loop|ram|zram|dm-|sr|md|nbd)\d*/;

/** Whether an event may mean storage was plugged in or out: worth a look at what is attached now. */
export function mayBeStorageChange(e: BlockEvent, admitLoop = false): boolean {
  if (e.subsystem !== "block" || !["add", "remove", "change"].includes(e.action)) return false;
  const name = e.devpath.split("/").pop() ?? "";
  if (admitLoop && name.startsWith("loop")) return true;
  return !NEVER_STORAGE.test(name);
}
