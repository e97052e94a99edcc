// A USB disk plugged in and out between two cycles is caught by the daemon's watch, reported once, then forgotten.
import { afterEach, describe, expect, it } from "vitest";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import type { ProbeSource } from "../../agent/checks/framework/probe-source.js";
import { fixture } from "../../agent/checks/usb-storage/fixtures.test-helper.js";
import { open } from "../../shared/crypto/envelope.js";
import { Report } from "../../shared/schemas/report.js";
import { readRawEnvelopes } from "./raw-envelopes.js";
import { readDeviceKey } from "../../agent/state/identity-store.js";
import type { RunningServer } from "../../server/main.js";
import { enrolledAgent, startCollector, tokenFor } from "./agent-harness.js";

// Real macOS captures (see agent/checks/usb-storage/fixtures/SOURCES.md): a SanDisk SSD at disk2, then an empty USB bus.
const attached = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-sandisk-extreme-ssd.json"),
};
// After the unplug another stick sits at disk2 and system_profiler prints an empty bus (real outputs, unmodified).
const unplugged = {
  "mac.diskutil-external": fixture("macos", "diskutil-list-external-usb-stick.plist"),
  "mac.diskutil-info@disk2": fixture("macos", "diskutil-info-flash-disk-fixed.txt"),
  "mac.usb": fixture("macos", "system-profiler-empty-bus.json"),
};

/** A probe source whose answers the test swaps, like a user plugging a device in and out. */
function switchable(initial: Record<string, string>): ProbeSource & { set(outputs: Record<string, string>): void } {
  let inner = mapSource("macos", initial);
  return {
    os: "macos",
    set: (outputs) => {
      inner = mapSource("macos", outputs);
    },
    run: (p, q, u) => inner.run(p, q, u),
    capturedQualifiers: (id) => inner.capturedQualifiers(id),
  };
}

let server: RunningServer | undefined;
afterEach(async () => server?.close());

describe("USB storage between cycles, through the daemon", () => {
  it("reports a device the watch saw even though it was gone by the cycle, then forgets it once delivered", async () => {
    server = await startCollector();
    const { token } = await tokenFor(server);
    const source = switchable(unplugged);
    const agent = await enrolledAgent(server.url, token, source);

    source.set(attached);
    await agent.core.watch(); // the cheap poll between cycles sees the SanDisk
    source.set(unplugged); // …and it is unplugged before the next cycle

    const [first] = await agent.core.cycle();
    const usb = first?.kind === "full" ? first.results.find((r) => r.control === "usb-storage") : undefined;
    expect(usb?.status).toBe("fail");
    expect(usb?.summary).toContain("SanDisk Extreme SSD");
    expect((await agent.core.deliver()).accepted).toBe(1);

    // The collector holds exactly what the device signed.
    const [stored] = await readRawEnvelopes(server, agent.enrollment.deviceId);
    const key = await readDeviceKey(agent.stateDir);
    const signed = open(stored!, key!.publicKey, Report);
    expect(signed.kind === "full" && signed.results.find((r) => r.control === "usb-storage")?.status).toBe("fail");

    const [second] = await agent.core.cycle();
    const after = second?.kind === "full" ? second.results.find((r) => r.control === "usb-storage") : undefined;
    expect(after?.summary ?? "").not.toContain("SanDisk");
  });
});
