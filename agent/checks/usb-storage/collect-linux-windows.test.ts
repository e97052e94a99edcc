// Linux and Windows through the fixture context: remembered sightings, a stick with no serial, Windows' USBSTOR history.
import { describe, expect, it } from "vitest";
import { inMemoryStore } from "../framework/context.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { DEFAULT_POLICY, Policy } from "../../../shared/schemas/policy.js";
import type { ObservedDevice } from "./device.js";
import { fixture } from "./fixtures.test-helper.js";
import { usbStorageCheck } from "./index.js";
import { EMPTY_MEMORY, readMemory, recordSightings, toJson } from "./memory.js";
import { parseUdevadm } from "./parse-udevadm.js";
import { parseUsbstor } from "./parse-usbstor.js";

const NOW = new Date("2026-11-20T10:15:00.000Z");

/** The LG flash drive (no serial) as the watch would have recorded it from its real udevadm output. */
function lgSeenByWatch(at: Date) {
  const u = parseUdevadm(fixture("linux", "udevadm-all-lg-flashdrive-no-serial.txt"));
  if (!u.ok) throw new Error(u.error);
  const device: ObservedDevice = {
    vendorId: u.value.vendorId,
    productId: u.value.productId,
    serial: u.value.serial,
    vendor: u.value.vendor,
    model: u.value.model,
    sizeBytes: null,
    sizeText: null,
    source: "live",
    notes: ["The device reports no USB serial number, so it can only be matched by make and model."],
  };
  return toJson(recordSightings(EMPTY_MEMORY, [device], at));
}

describe("usb-storage on Linux", () => {
  const noUsb = { "linux.lsblk": fixture("linux", "lsblk-dev-machine-no-usb.json") };

  it("passes when lsblk (real capture, no USB disk) answers and nothing was seen", async () => {
    const facts = await usbStorageCheck.collect(fixtureContext("linux", noUsb, { now: NOW, control: "usb-storage" }));
    expect(facts).toMatchObject({ listedNow: true, attachedNow: [], devices: [], otherRemovable: [] });
    const verdict = usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "linux");
    expect(verdict).toMatchObject({
      status: "pass",
      summary: "No USB storage was connected to this laptop since the last report.",
    });
  });

  it("still lists a stick the watch saw and that is gone now; with no serial it is named as such", async () => {
    const ctx = fixtureContext("linux", noUsb, {
      now: NOW,
      control: "usb-storage",
      initialMemory: lgSeenByWatch(new Date("2026-11-20T10:02:00Z")),
    });
    const verdict = usbStorageCheck.evaluate(await usbStorageCheck.collect(ctx), DEFAULT_POLICY, "linux");
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toContain("LG FlashDrive — USB id 0ea0:2168, no serial number, seen 2026-11-20 10:02 UTC");
  });

  // The dashboard approves a serial-less stick as "any serial" of its make and model (the shared rule in
  // shared/controls/usb-approval.ts); an approval of one serial does not cover a stick that has none.
  const lgApproved = (serial: string | null) =>
    Policy.parse({
      approvedUsbDevices: [
        {
          vendorId: "0ea0",
          productId: "2168",
          serial,
          label: "Minutes stick",
          approvedBy: "DSFM",
          approvedAt: "2026-10-01T09:00:00Z",
        },
      ],
    });
  const lgCtx = () =>
    fixtureContext("linux", noUsb, {
      now: NOW,
      control: "usb-storage",
      initialMemory: lgSeenByWatch(new Date("2026-11-20T10:02:00Z")),
    });

  it("approves a no-serial stick by vendor and product, and says that is all it could match on", async () => {
    const verdict = usbStorageCheck.evaluate(await usbStorageCheck.collect(lgCtx()), lgApproved(null), "linux");
    expect(verdict.status).toBe("pass");
    expect(verdict.summary).toContain(
      '(approved as "Minutes stick" — matched on make and model only, because the device has no serial number)',
    );
  });

  it("does not let an approval of one serial cover a no-serial stick (the dashboard says Not approved too)", async () => {
    const verdict = usbStorageCheck.evaluate(await usbStorageCheck.collect(lgCtx()), lgApproved("ANY-SERIAL"), "linux");
    expect(verdict.status).toBe("fail");
  });

  it("is unknown when lsblk is missing or prints something else", async () => {
    const missing = await usbStorageCheck.collect(fixtureContext("linux", {}, { now: NOW, control: "usb-storage" }));
    expect(usbStorageCheck.evaluate(missing, DEFAULT_POLICY, "linux").status).toBe("unknown");
    const garbage = await usbStorageCheck.collect(
      fixtureContext("linux", { "linux.lsblk": "lsblk: unknown column: TRAN" }, { now: NOW, control: "usb-storage" }),
    );
    const v = usbStorageCheck.evaluate(garbage, DEFAULT_POLICY, "linux");
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("lsblk printed output Ward does not read");
  });
});

describe("usb-storage on Windows", () => {
  const history = fixture("windows", "reg-query-usbstor-excerpt.txt");
  const paths = (() => {
    const r = parseUsbstor(history);
    if (!r.ok) throw new Error(r.error);
    return r.value.map((i) => i.path.toUpperCase());
  })();

  it("takes the USBSTOR history as a baseline on the first run instead of reporting years-old devices", async () => {
    const memory = inMemoryStore();
    const ctx = fixtureContext(
      "windows",
      { "win.usb-disks": "", "win.usbstor": history },
      { now: NOW, memory, control: "usb-storage" },
    );
    const facts = await usbStorageCheck.collect(ctx);
    expect(facts).toMatchObject({ listedNow: true, devices: [], historyKnown: 3 });
    expect(usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "windows").status).toBe("pass");
    expect(readMemory(memory.get("usb-storage")).usbstorKnown).toEqual(paths);
  });

  it("fails a device new in the history (connected while Ward was not running) when no approval could be it", async () => {
    const initialMemory = toJson({ ...EMPTY_MEMORY, usbstorKnown: paths.filter((p) => !p.includes("JETFLASH")) });
    const ctx = fixtureContext(
      "windows",
      { "win.usb-disks": "", "win.usbstor": history },
      { now: NOW, control: "usb-storage", initialMemory },
    );
    const facts = await usbStorageCheck.collect(ctx);
    // Nothing approved: the history entry has no USB id, but no approval could match it, so it is a fail.
    expect(usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "windows").status).toBe("fail");
    // An approval naming another serial cannot be this stick either.
    const other = Policy.parse({
      approvedUsbDevices: [
        {
          vendorId: "0781",
          productId: "558c",
          serial: "OTHER",
          label: "Backup SSD",
          approvedBy: "DSFM",
          approvedAt: "2026-11-01T09:00:00Z",
        },
      ],
    });
    expect(usbStorageCheck.evaluate(facts, other, "windows").status).toBe("fail");
    // An approval for any serial of some make could be this stick (its USB id is unread): unknown, not pass.
    const anySerial = Policy.parse({
      approvedUsbDevices: [
        {
          vendorId: "8564",
          productId: "1000",
          serial: null,
          label: "Transcend sticks",
          approvedBy: "DSFM",
          approvedAt: "2026-11-01T09:00:00Z",
        },
      ],
    });
    const verdict = usbStorageCheck.evaluate(facts, anySerial, "windows");
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain(
      "JetFlash Transcend 16GB — USB id unknown, serial XHLRW9WJ, found in Windows' device history (connected while Ward was not watching)",
    );
    const d = (verdict.facts["devices"] as { source: string; notes: string[] }[])[0];
    expect(d?.source).toBe("history");
    expect(d?.notes[0]).toContain("Windows keeps the make and model names there, not the USB id");
  });

  it("does not report a history entry twice when the watch already saw that device with its USB ids", async () => {
    // State as the watch leaves it after seeing the JetFlash stick live (ids as Win32_PnPEntity would give them).
    const seen: ObservedDevice = {
      vendorId: "8564",
      productId: "1000",
      serial: "XHLRW9WJ",
      vendor: "JetFlash",
      model: "Transcend 16GB",
      sizeBytes: null,
      sizeText: null,
      source: "live",
      notes: [],
    };
    const base = recordSightings(EMPTY_MEMORY, [seen], new Date("2026-11-20T10:03:00Z"));
    const initialMemory = toJson({ ...base, usbstorKnown: paths.filter((p) => !p.includes("JETFLASH")) });
    const ctx = fixtureContext(
      "windows",
      { "win.usb-disks": "", "win.usbstor": history },
      { now: NOW, control: "usb-storage", initialMemory },
    );
    const facts = await usbStorageCheck.collect(ctx);
    expect(facts.devices.map((d) => [d.key, d.source])).toEqual([["8564:1000:XHLRW9WJ", "live"]]);
    expect(usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "windows").status).toBe("fail");
  });

  it("reads 'no USBSTOR key' (reg exits 1) as no history, and is unknown when the history cannot be read", async () => {
    const none = fixtureContext(
      "windows",
      {
        "win.usb-disks": "",
        "win.usbstor": {
          text: "ERROR: The system was unable to find the specified registry key or value.\r\n",
          exitCode: 1,
        },
      },
      { now: NOW, control: "usb-storage" },
    );
    expect(usbStorageCheck.evaluate(await usbStorageCheck.collect(none), DEFAULT_POLICY, "windows").status).toBe(
      "pass",
    );
    const denied = fixtureContext("windows", { "win.usb-disks": "" }, { now: NOW, control: "usb-storage" });
    const v = usbStorageCheck.evaluate(await usbStorageCheck.collect(denied), DEFAULT_POLICY, "windows");
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("reg (Windows' USB storage history) was not captured");
  });

  it("is unknown when the USB disk list cannot be read", async () => {
    const ctx = fixtureContext(
      "windows",
      { "win.usb-disks": "Get-CimInstance : Access is denied." },
      { now: NOW, control: "usb-storage" },
    );
    const v = usbStorageCheck.evaluate(await usbStorageCheck.collect(ctx), DEFAULT_POLICY, "windows");
    expect(v.status).toBe("unknown");
    expect(v.remediation[0]).toContain("PowerShell (Get-CimInstance) and reg.exe");
  });
});
