// The real lsblk probe on this Linux machine through the real NodePlatform, the live source and the runner.
import { liveLinuxContext } from "../testing/live-context.js";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { createNodePlatform } from "../../platform/node-platform.js";
import { liveSource } from "../framework/probe-source.js";
import { runChecks } from "../framework/run-checks.js";
import { diskEncryptionCheck } from "./index.js";

const linuxWithLsblk = process.platform === "linux" && (existsSync("/usr/bin/lsblk") || existsSync("/bin/lsblk"));

describe.runIf(linuxWithLsblk)("disk encryption on this Linux machine (real lsblk)", () => {
  it("answers a valid result from the live lsblk tree: never pass without a crypt layer under /", async () => {
    const [result] = await runChecks({
      source: liveSource(createNodePlatform("linux")),
      policy: DEFAULT_POLICY,
      checks: [diskEncryptionCheck],
    });
    expect(result?.control).toBe("disk-encryption");
    const facts = result?.facts as { state: string; evidence: string[]; volume: string | null };
    expect(facts.evidence[0]).toBe("linux.lsblk");
    if (facts.state === "encrypted") expect(result?.status).toBe("pass");
    else expect(result?.status).not.toBe("pass");
    // The Ward dev machine (Debian 12 VM, root on a bare virtio disk) has no encryption at all.
    if (existsSync("/dev/vda") && !existsSync("/dev/mapper"))
      expect([facts.state, result?.status]).toEqual(["not_encrypted", "fail"]);
  });

  it.runIf(existsSync("/usr/sbin/cryptsetup"))(
    "a real cryptsetup that cannot answer is a failed probe, not a pass",
    async () => {
      const errors: { probe: string; error: string }[] = [];
      const ctx = liveLinuxContext("disk-encryption", errors);
      const outcome = await ctx.probe("linux.cryptsetup", "ward-no-such-mapping");
      if (outcome.ok) {
        // A machine with device-mapper answers "... is inactive." (exit 4): an answer about a mapping that is not open.
        expect(outcome.text).toMatch(/ward-no-such-mapping is inactive\./);
      } else {
        expect(outcome.reason).toBe("failed");
        expect(errors[0]?.probe).toBe("linux.cryptsetup@ward-no-such-mapping");
      }
    },
  );
});
