// macOS end to end through the fixture context: the watch sees a device, it is gone by the cycle, the report still lists it.
import { describe, expect, it } from "vitest";
import { inMemoryStore } from "../framework/context.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { DEFAULT_POLICY, Policy } from "../../../shared/schemas/policy.js";
import { fixture } from "./fixtures.test-helper.js";
import { usbStorageCheck } from "./index.js";
import { markUsbReportedUpTo, readMemory } from "./memory.js";

const T_POLL = new Date("2026-11-20T10:00:00.000Z");
const T_CYCLE = new Date("2026-11-20T10:15:00.000Z");

/** Real captures: a USB stick listed as disk2 by diskutil, and system_profiler showing a SanDisk Extreme SSD at disk2. */
const sandiskAttached = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-sandisk-extreme-ssd.json"),
};

/**
 * The cycle after the SanDisk was unplugged: another stick now sits at disk2, and system_profiler prints an empty USB
 * list (a real macOS behaviour, see SOURCES.md), so nothing in the cycle's own output shows the SanDisk any more.
 */
const sandiskGone = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-empty-bus.json"),
};

const approveSandisk = (serial: string | null) =>
  Policy.parse({
    approvedUsbDevices: [
      {
        vendorId: "0781",
        productId: "558C",
        serial,
        label: "Clerk's backup SSD",
        approvedBy: "DSFM",
        approvedAt: "2026-11-01T09:00:00Z",
      },
    ],
  });

function ctx(outputs: Record<string, string>, now: Date, memory: ReturnType<typeof inMemoryStore>) {
  return fixtureContext("macos", outputs, { now, memory, control: "usb-storage" });
}

describe("usb-storage on macOS", () => {
  it("catches a device the watch saw and that was unplugged before the cycle", async () => {
    const memory = inMemoryStore();
    await usbStorageCheck.watch?.poll(ctx(sandiskAttached, T_POLL, memory));
    expect(Object.keys(readMemory(memory.get("usb-storage")).sightings)).toEqual([
      "0781:558c:************************",
    ]);

    const facts = await usbStorageCheck.collect(ctx(sandiskGone, T_CYCLE, memory));
    expect(facts.attachedNow).toEqual(["names:|Flash Disk|"]);
    const verdict = usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "macos");
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toContain(
      "SanDisk Extreme SSD (1 TB) — USB id 0781:558c, serial ************************, seen 2026-11-20 10:00 UTC",
    );
    // The SanDisk is gone; the Flash Disk without USB ids is still attached and, with nothing approved, not approved.
    expect(verdict.summary).toContain(
      "Flash Disk (4 GB) — USB id unknown, no serial number, seen 2026-11-20 10:15 UTC, still connected",
    );
    const devices = verdict.facts["devices"] as { label: string; approval: string; attachedNow: boolean }[];
    expect(devices.map((d) => [d.approval, d.attachedNow])).toEqual([
      ["not-approved", false],
      ["not-approved", true],
    ]);
    expect(verdict.remediation.join(" ")).toContain("SanDisk Extreme SSD (1 TB) — USB id 0781:558c");
  });

  it("forgets the sighting only after the daemon marks the report delivered", async () => {
    const memory = inMemoryStore();
    await usbStorageCheck.watch?.poll(ctx(sandiskAttached, T_POLL, memory));
    await usbStorageCheck.collect(ctx(sandiskGone, T_CYCLE, memory));
    // A second cycle before delivery still reports it.
    const again = await usbStorageCheck.collect(ctx(sandiskGone, new Date("2026-11-20T10:30:00Z"), memory));
    expect(again.devices.map((d) => d.key)).toContain("0781:558c:************************");
    memory.set("usb-storage", markUsbReportedUpTo(memory.get("usb-storage"), new Date("2026-11-20T10:30:00Z")));
    const after = await usbStorageCheck.collect(ctx(sandiskGone, new Date("2026-11-20T10:45:00Z"), memory));
    expect(after.devices.map((d) => d.key)).toEqual(["names:|Flash Disk|"]);
  });

  it("passes an approved device that is still attached, matched on ids and serial", async () => {
    const facts = await usbStorageCheck.collect(ctx(sandiskAttached, T_CYCLE, inMemoryStore()));
    const verdict = usbStorageCheck.evaluate(facts, approveSandisk("************************"), "macos");
    expect(verdict.status).toBe("pass");
    expect(verdict.summary).toBe(
      'Only approved USB storage was connected since the last report: SanDisk Extreme SSD (1 TB) — USB id 0781:558c, serial ************************ (approved as "Clerk\'s backup SSD").',
    );
    expect(verdict.remediation).toEqual([]);
  });

  it("says so when the approval covers any serial of that make and model", async () => {
    const facts = await usbStorageCheck.collect(ctx(sandiskAttached, T_CYCLE, inMemoryStore()));
    const verdict = usbStorageCheck.evaluate(facts, approveSandisk(null), "macos");
    expect(verdict.status).toBe("pass");
    expect(verdict.summary).toContain("matched on make and model only, because the approval covers any serial number");
    expect((verdict.facts["devices"] as { matchedOn: string }[])[0]?.matchedOn).toBe("vendor-product");
  });

  it("fails an approved make and model whose approval names a different serial", async () => {
    const facts = await usbStorageCheck.collect(ctx(sandiskAttached, T_CYCLE, inMemoryStore()));
    expect(usbStorageCheck.evaluate(facts, approveSandisk("OTHER-SERIAL"), "macos").status).toBe("fail");
  });

  it("fails a USB disk without USB ids when nothing is approved (no approval could match it)", async () => {
    const facts = await usbStorageCheck.collect(ctx(sandiskGone, T_CYCLE, inMemoryStore()));
    const verdict = usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "macos");
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toContain("Flash Disk (4 GB) — USB id unknown");
  });

  it("is unknown, never pass, for a USB disk without USB ids while an approval could be it", async () => {
    const facts = await usbStorageCheck.collect(ctx(sandiskGone, T_CYCLE, inMemoryStore()));
    const verdict = usbStorageCheck.evaluate(facts, approveSandisk(null), "macos");
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("Ward saw USB storage it could not identify (Flash Disk (4 GB) — USB id unknown");
  });

  it("is unknown when diskutil cannot be run, and the watch leaves memory untouched when its probe fails", async () => {
    const memory = inMemoryStore();
    await usbStorageCheck.watch?.poll(ctx({}, T_POLL, memory));
    expect(memory.get("usb-storage")).toEqual({});
    const facts = await usbStorageCheck.collect(ctx({}, T_CYCLE, memory));
    expect(facts.listedNow).toBe(false);
    const verdict = usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "macos");
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toBe(
      "Ward could not tell whether unapproved USB storage was connected: diskutil (the list of external disks) was not captured.",
    );
  });

  it("still fails on a device the watch saw when the cycle's own probe fails (the sighting is evidence)", async () => {
    const memory = inMemoryStore();
    await usbStorageCheck.watch?.poll(ctx(sandiskAttached, T_POLL, memory));
    const facts = await usbStorageCheck.collect(ctx({}, T_CYCLE, memory));
    expect(usbStorageCheck.evaluate(facts, DEFAULT_POLICY, "macos").status).toBe("fail");
  });

  it("identifies a disk only once while it stays attached between polls", async () => {
    const memory = inMemoryStore();
    await usbStorageCheck.watch?.poll(ctx(sandiskAttached, T_POLL, memory));
    // The second poll has only the cheap listing: the remembered identity is reused, and last-seen moves on.
    await usbStorageCheck.watch?.poll(
      ctx(
        { "mac.diskutil-external": sandiskAttached["mac.diskutil-external"] },
        new Date("2026-11-20T10:01:00Z"),
        memory,
      ),
    );
    const s = readMemory(memory.get("usb-storage")).sightings["0781:558c:************************"];
    expect([s?.firstSeen, s?.lastSeen]).toEqual(["2026-11-20T10:00:00.000Z", "2026-11-20T10:01:00.000Z"]);
  });
});
