// Devices with ledgers for the retention tests: a full report, a run of heartbeats, a failing full report and another
// run, every envelope accepted; then the clock moved past the raw envelopes' 90 days.
import { expect } from "vitest";
import { DAY_MS, type manualClock } from "../../server/clock.js";
import { checkResult } from "./device.js";
import { enrolledDevice, type TestEnv } from "./harness.js";

/** `devices` enrolled devices, each sending 1 + runs[0] + 1 + runs[1] envelopes; then 91 days pass. */
export async function seedDevices(
  env: TestEnv,
  clock: ReturnType<typeof manualClock>,
  devices: number,
  runs: readonly [number, number] = [60, 30],
): Promise<void> {
  for (let d = 0; d < devices; d++) {
    const { device, send } = await enrolledDevice(env);
    const beats = (n: number) => Array.from({ length: n }, () => device.heartbeat(undefined, clock.now()));
    await send(device.full([checkResult("disk-encryption", "pass")], clock.now()));
    expect((await send(...beats(runs[0]))).results.every((r) => r.outcome === "accepted")).toBe(true);
    await send(device.full([checkResult("disk-encryption", "fail")], clock.now()));
    expect((await send(...beats(runs[1]))).results.every((r) => r.outcome === "accepted")).toBe(true);
  }
  clock.advance(91 * DAY_MS);
}
