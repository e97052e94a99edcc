// The Linux watch's event stream: real `udevadm monitor` output, read whole and in arbitrary pieces.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mayBeStorageChange, readUdevMonitorEvents, UdevMonitorParser } from "./parse-udevadm-monitor.js";

const fx = (name: string) => readFileSync(new URL(`./fixtures/linux/${name}`, import.meta.url), "utf8");

describe("udevadm monitor", () => {
  it("reads the kernel's events for a loop device attached and detached (Ward dev machine)", () => {
    const events = readUdevMonitorEvents(fx("udevadm-monitor-loop-attach-detach-ward-dev.txt"));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.source === "KERNEL" && e.subsystem === "block" && e.action === "change")).toBe(true);
    expect(events[0]!.properties).toMatchObject({ DEVNAME: "/dev/loop0", DEVTYPE: "disk", SUBSYSTEM: "block" });
    expect(events.some((e) => e.properties["DISK_MEDIA_CHANGE"] === "1")).toBe(true);
    // Loop devices are not removable storage, unless a test admits them.
    expect(events.some((e) => mayBeStorageChange(e))).toBe(false);
    expect(events.every((e) => mayBeStorageChange(e, true))).toBe(true);
  });

  it("reads headers alone, with udev's padding or none (CentOS 7, a USB LED unplugged and plugged)", () => {
    const events = readUdevMonitorEvents(fx("udevadm-monitor-usb-led-centos7-fccagou.txt"));
    expect(events.map((e) => `${e.source} ${e.action} ${e.subsystem}`)).toEqual([
      "KERNEL remove usb",
      "KERNEL remove usb",
      "UDEV remove usb",
      "UDEV remove usb",
      "KERNEL add usb",
      "KERNEL add usb",
    ]);
    // Not block devices: no look at storage for them.
    expect(events.some((e) => mayBeStorageChange(e))).toBe(false);
  });

  it("gives the same events when the stream arrives in small pieces", () => {
    const text = fx("udevadm-monitor-loop-attach-detach-ward-dev.txt");
    const p = new UdevMonitorParser();
    const got = [];
    for (let i = 0; i < text.length; i += 7) got.push(...p.push(text.slice(i, i + 7)));
    got.push(...p.end());
    expect(got).toEqual(readUdevMonitorEvents(text));
  });

  it("looks again for a disk's add or remove, not for other actions (the filter alone, on event values)", () => {
    const sdb = { source: "KERNEL" as const, subsystem: "block", devpath: "/devices/x/block/sdb", properties: {} };
    expect(mayBeStorageChange({ ...sdb, action: "add" })).toBe(true);
    expect(mayBeStorageChange({ ...sdb, action: "remove" })).toBe(true);
    expect(mayBeStorageChange({ ...sdb, action: "bind" })).toBe(false);
  });
});
