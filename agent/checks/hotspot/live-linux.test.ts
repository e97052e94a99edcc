// Runs the real Linux probes on this machine through the node platform and checks the verdict against the kernel's own lists.
import { liveLinuxContext } from "../testing/live-context.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { hotspotCheck } from "./index.js";

/** Ground truth read directly here (a test may touch the OS; the check may not): Wi-Fi interfaces the kernel marks. */
function kernelWifiInterfaces(): string[] {
  const marked = readdirSync("/sys/class/net").filter((i) =>
    /^DEVTYPE=wlan$/m.test(readFileSync(`/sys/class/net/${i}/uevent`, "utf8")),
  );
  const wext = existsSync("/proc/net/wireless")
    ? readFileSync("/proc/net/wireless", "utf8")
        .split("\n")
        .filter((l) => /^\s*[^\s|]+:/.test(l))
    : [];
  return [...marked, ...wext];
}

describe.runIf(process.platform === "linux")("hotspot check on this Linux machine (real probes)", () => {
  it("answers honestly from what this machine really has", async () => {
    const errors: { probe: string; error: string }[] = [];
    const ctx = liveLinuxContext("hotspot", errors);
    const facts = await hotspotCheck.collect(ctx);
    const verdict = hotspotCheck.evaluate(facts, DEFAULT_POLICY, "linux");
    const nm = facts.mechanisms.find((m) => m.id === "networkmanager");
    const iw = facts.mechanisms.find((m) => m.id === "iw");
    expect(nm && iw).toBeTruthy();

    if (kernelWifiInterfaces().length === 0) {
      // The Ward dev machine and CI (Firecracker VMs): no interface is Wi-Fi, so a hotspot is impossible.
      expect(facts.wifiHardware).toBe("absent");
      expect(verdict.status).toBe("not_applicable");
    } else {
      expect(facts.wifiHardware).toBe("present");
      expect(verdict.status).not.toBe("not_applicable");
    }
    // Never a pass that nothing proved: with neither tool answering, the verdict cannot be pass.
    if (nm?.state === "not_present" && iw?.state === "tool_missing") expect(verdict.status).not.toBe("pass");
    expect(verdict.summary.length).toBeGreaterThan(10);
  });
});
