// Registry invariants: unique control ids, probes for every OS on every control, unique probe ids.
import { describe, expect, it } from "vitest";
import { CONTROL_IDS, OsPlatform } from "../../shared/schemas/control.js";
import { probeCommand } from "./framework/probe.js";
import { allProbes, CHECKS } from "./registry.js";

describe("check registry", () => {
  it("has each control exactly once, covering every control in the contract", () => {
    const ids = CHECKS.map((c) => c.control);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...CONTROL_IDS].sort());
  });

  it.each(CHECKS.map((c) => [c.control, c] as const))("%s has probes for Windows, macOS and Linux", (_id, check) => {
    const oses = new Set(check.probes.map((p) => p.os));
    expect([...oses].sort()).toEqual([...OsPlatform.options].sort());
  });

  it("gives every probe a unique id with its OS prefix, a command and a description", () => {
    const probes = allProbes();
    const prefix = { windows: "win.", macos: "mac.", linux: "linux." } as const;
    for (const p of probes.values()) {
      expect(p.id.startsWith(prefix[p.os]), p.id).toBe(true);
      expect(probeCommand(p).length, p.id).toBeGreaterThan(0);
      expect(p.description.length, p.id).toBeGreaterThan(0);
    }
    const all = CHECKS.flatMap((c) => c.probes);
    const distinct = new Set(all);
    expect(new Set([...distinct].map((p) => p.id)).size).toBe(distinct.size);
  });

  it("shows each probe's command as its spec runs it (file and arguments), a qualifier as <qualifier>", () => {
    const probes = allProbes();
    for (const p of probes.values()) {
      const spec = (() => {
        try {
          return p.spec("<qualifier>");
        } catch {
          return null;
        }
      })();
      if (spec?.kind === "exec") expect(probeCommand(p).startsWith(spec.file), p.id).toBe(true);
    }
    // Was written by hand as "powershell -NoProfile -Command …" beside args that also pass -NonInteractive.
    expect(probeCommand(probes.get("win.usb-disks")!)).toMatch(
      /^powershell\.exe -NoProfile -NonInteractive -Command "Get-CimInstance Win32_DiskDrive/,
    );
    expect(probeCommand(probes.get("linux.usb-ids")!)).toBe("udevadm info --query=property --name=/dev/<qualifier>");
  });
});
