// Runs the real Linux probes on this machine through the NodePlatform (the Ward dev machine is Debian 12): the answer
// must be an honest status with a reason. It asserts no pending count: that changes with every apt-get update.
import { liveLinuxContext } from "../testing/live-context.js";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Policy } from "../../../shared/schemas/policy.js";
import type { ProbeError } from "../../../shared/schemas/check-result.js";
import { osPatchCheck } from "./index.js";

const onLinux = process.platform === "linux" && existsSync("/etc/os-release");

describe.runIf(onLinux)("os-patch on this machine (live probes)", () => {
  it("answers pass, fail or unknown with a reason, from the probes that answered", async () => {
    const errors: ProbeError[] = [];
    const ctx = liveLinuxContext("os-patch", errors);
    const facts = await osPatchCheck.collect(ctx);
    expect(facts.probesAnswered).toContain("linux.os-release");
    expect(facts.os.name).toBeTruthy();
    const v = osPatchCheck.evaluate(facts, Policy.parse({}), "linux");
    expect(["pass", "fail", "unknown"]).toContain(v.status);
    expect(v.summary.length).toBeGreaterThan(20);
    if (v.status === "unknown") expect(v.summary).toMatch(/could not|days old|first saw|does not know/);
    if (v.status === "pass") {
      // A pass needs proof: fresh lists with a security archive and no security update waiting (or all dated young).
      expect(facts.pending.status).toBe("known");
      expect(facts.pending.sourceAgeDays ?? 0).toBeLessThanOrEqual(14);
    }
    if (facts.pending.status === "known") {
      expect(facts.pending.count).toBeGreaterThanOrEqual(0);
      expect(facts.probesAnswered).toContain("linux.apt-upgradable");
    } else {
      expect(facts.pending.reason).toBeTruthy();
    }
  }, 120_000);
});
