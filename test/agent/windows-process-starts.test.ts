// Processes a Windows agent starts, counted from the probe definitions and the watches' own polls (bench/windows-process-starts.ts).
import { describe, expect, it } from "vitest";
import { HOST_IDLE_MS } from "../../agent/platform/powershell/host.js";
import { countWindowsProcessStarts, WATCH_TICK_MS } from "../../bench/windows-process-starts.js";

describe("Windows process starts", () => {
  it("counts one PowerShell per cycle instead of one per PowerShell probe, and none in a steady hour of watching", async () => {
    const r = await countWindowsProcessStarts();
    expect(r.powershellProbes).toEqual(
      expect.arrayContaining(["win.usb-disks", "win.bitlocker-cim", "win.wu-pending"]),
    );
    expect(r.cycle.powershellBefore).toBe(r.powershellProbes.length);
    expect(r.cycle.powershellAfter).toBe(1);
    expect(r.cycle.after).toBe(r.otherProbes.length + 1);
    // The USB watch asks win.usb-disks every minute when nothing is plugged in: 60 PowerShell starts an hour before.
    expect(r.watchHour.powershellBefore).toBeGreaterThanOrEqual(60);
    expect(r.watchHour.powershellAfter).toBe(0);
    // What makes the "none while watching" true: the host outlives the gap between two watch ticks.
    expect(HOST_IDLE_MS).toBeGreaterThan(WATCH_TICK_MS);
  });
});
