// Processes a Windows agent starts, counted from the probe definitions and the watches' own polls (bench/windows-process-starts.ts).
import { describe, expect, it } from "vitest";
import { HOST_IDLE_MS } from "../../agent/platform/powershell/host.js";
import { EVENT_FALLBACK_POLL_MS } from "../../agent/cli/commands/run-resident.js";
import { countWindowsProcessStarts, WATCH_TICK_MS } from "../../bench/windows-process-starts.js";

describe("Windows process starts", () => {
  it("counts one step process and one PowerShell per cycle instead of one PowerShell per PowerShell probe", async () => {
    const r = await countWindowsProcessStarts();
    expect(r.powershellProbes).toEqual(
      expect.arrayContaining(["win.usb-disks", "win.bitlocker-cim", "win.wu-pending"]),
    );
    expect(r.cycle.perProbe.powershell).toBe(r.powershellProbes.length);
    expect(r.cycle.steps).toEqual({ all: r.otherProbes.length + 2, powershell: 1, steps: 1 });
    expect(r.cycle.events).toEqual(r.cycle.steps);
    expect(r.cycle.host.all).toBe(r.otherProbes.length + 1);
  });

  it("counts an hour of watching: one step per due tick, USB polled every 10 minutes while its events are live", async () => {
    const r = await countWindowsProcessStarts();
    // The USB watch asks win.usb-disks every minute when nothing is plugged in: 60 PowerShell starts an hour before.
    expect(r.watchHour.perProbe.powershell).toBeGreaterThanOrEqual(60);
    expect(r.watchHour.host.powershell).toBe(0);
    // What made "none while watching" true for the host in the agent's process: it outlived the gap between ticks.
    expect(HOST_IDLE_MS).toBeGreaterThan(WATCH_TICK_MS);
    // Steps: the 5-minute watches (hotspot, Wi-Fi) make 12 steps an hour; USB's 10-minute fallback rides with them.
    expect(r.watchHour.steps.steps).toBe(12);
    expect(r.watchHour.steps.powershell).toBeLessThanOrEqual(r.watchHour.steps.steps);
    expect(r.watchHour.steps.all).toBeLessThan(r.watchHour.perProbe.all);
  });

  it("counts what ships: watches with an event source polled every 20 minutes, fewer starts than the host", async () => {
    const r = await countWindowsProcessStarts();
    expect(EVENT_FALLBACK_POLL_MS).toBe(20 * 60_000);
    // USB, hotspot and Wi-Fi share one step at each fallback: 3 an hour, each with its PowerShell host.
    expect(r.watchHour.events.steps).toBe(3);
    expect(r.watchHour.events.powershell).toBe(3);
    expect(r.watchHour.events.all).toBeLessThan(r.watchHour.host.all);
    expect(r.watchHour.events.all).toBe((r.watchHour.steps.all / r.watchHour.steps.steps) * 3);
  });
});
