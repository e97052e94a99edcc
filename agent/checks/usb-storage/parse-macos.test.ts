// macOS parsers on real outputs: system_profiler SPUSBDataType -json, diskutil list -plist, diskutil info.
import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures.test-helper.js";
import { parseDiskutilInfo, parseDiskutilList } from "./parse-diskutil.js";
import { parseSystemProfiler } from "./parse-system-profiler.js";

describe("parseSystemProfiler", () => {
  it("finds the SanDisk Extreme SSD (disk2) among hubs, a phone, a debugger and a display; ids from '0x0781  (SanDisk Corporation)'", () => {
    const r = parseSystemProfiler(fixture("macos", "system-profiler-sandisk-extreme-ssd.json"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([
      {
        bsdName: "disk2",
        vendorId: "0781",
        productId: "558c",
        serial: "************************",
        vendor: "SanDisk",
        model: "Extreme SSD",
        sizeBytes: 1000204140544,
        removableMedia: "no",
        vendorIdText: null,
      },
    ]);
  });

  it("reads the Mudita phone in mass-storage mode with its generic serial 0123456789ABCDEF and no vendor name", () => {
    const r = parseSystemProfiler(fixture("macos", "system-profiler-mudita-msc.json"));
    expect(r.ok && r.value).toEqual([
      {
        bsdName: "disk8",
        vendorId: "3310",
        productId: "0103",
        serial: "0123456789ABCDEF",
        vendor: "Mudita",
        model: "Mudita Harmony (MSC mode)",
        sizeBytes: 3909091328,
        removableMedia: "yes",
        vendorIdText: null,
      },
    ]);
  });

  it("treats an empty bus list as 'no storage listed', and rejects text that is not the expected JSON", () => {
    expect(parseSystemProfiler('{ "SPUSBDataType" : [ ] }')).toEqual({ ok: true, value: [] });
    expect(parseSystemProfiler("").ok).toBe(false);
    expect(parseSystemProfiler('{"SPUSBHostDataType": []}').ok).toBe(false);
    expect(parseSystemProfiler('{"SPUSBDataType": [{"_items": "x"}]}').ok).toBe(false);
  });

  it("refuses a hub tree deeper than any real USB topology", () => {
    let node: Record<string, unknown> = { _name: "leaf" };
    for (let i = 0; i < 20; i++) node = { _items: [node] };
    expect(parseSystemProfiler(JSON.stringify({ SPUSBDataType: [node] })).ok).toBe(false);
  });
});

describe("parseDiskutilList", () => {
  it("reads WholeDisks from a real external USB stick listing", () => {
    expect(parseDiskutilList(fixture("macos", "diskutil-list-external-usb-stick.plist"))).toEqual({
      ok: true,
      value: ["disk2"],
    });
  });

  it("rejects output that is not a diskutil plist, or a WholeDisks entry that is not a disk name", () => {
    expect(parseDiskutilList("Could not find disk for -plist").ok).toBe(false);
    const bad = fixture("macos", "diskutil-list-external-usb-stick.plist").replace(
      "<string>disk2</string>\n\t</array>\n</dict>",
      "<string>../etc</string>\n\t</array>\n</dict>",
    );
    expect(parseDiskutilList(bad).ok).toBe(false);
  });
});

describe("parseDiskutilInfo", () => {
  it("reads protocol USB and size from a USB stick partition (Removable Media: Removable)", () => {
    expect(parseDiskutilInfo(fixture("macos", "diskutil-info-disk2s1-usb-removable.txt"))).toEqual({
      ok: true,
      value: {
        deviceIdentifier: "disk2s1",
        protocol: "USB",
        mediaName: null,
        sizeBytes: 31913410560,
        location: "External",
        removable: "Removable",
      },
    });
  });

  it("keeps a USB flash disk that macOS calls 'Fixed' (balena drivelist#213): protocol, not removability, decides", () => {
    const r = parseDiskutilInfo(fixture("macos", "diskutil-info-flash-disk-fixed.txt"));
    expect(r.ok && r.value).toMatchObject({
      deviceIdentifier: "disk2",
      protocol: "USB",
      mediaName: "Flash Disk",
      sizeBytes: 4009754624,
      removable: "Fixed",
    });
  });

  it("reads the Samsung T3 USB SSD", () => {
    const r = parseDiskutilInfo(fixture("macos", "diskutil-info-samsung-t3-ssd.txt"));
    expect(r.ok && r.value).toMatchObject({
      deviceIdentifier: "disk3",
      protocol: "USB",
      mediaName: "Portable SSD T3",
      sizeBytes: 500107862016,
    });
  });

  it("rejects output without a Device Identifier", () => {
    expect(parseDiskutilInfo("Could not find disk: disk9").ok).toBe(false);
  });
});
