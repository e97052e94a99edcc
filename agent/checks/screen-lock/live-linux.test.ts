// The real session discovery on this Linux machine, through the real NodePlatform, the live source and the runner.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { createNodePlatform } from "../../platform/node-platform.js";
import { liveSource } from "../framework/probe-source.js";
import { runChecks } from "../framework/run-checks.js";
import { screenLockCheck } from "./index.js";

/** Ground truth read here (a test may touch the OS; the check may not): is any display server or desktop shell running? */
function displayProcessRunning(): boolean {
  const names = [
    "Xorg",
    "X",
    "Xwayland",
    "gnome-shell",
    "kwin_wayland",
    "kwin_x11",
    "plasmashell",
    "sway",
    "Hyprland",
    "weston",
  ];
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .some((pid) => {
      try {
        return names.includes(readFileSync(`/proc/${pid}/comm`, "utf8").trim());
      } catch {
        return false;
      }
    });
}

describe.runIf(process.platform === "linux")("screen lock on this Linux machine (real probes)", () => {
  it("answers from the real sessions, and is not applicable where there is no graphical session", async () => {
    const [result] = await runChecks({
      source: liveSource(createNodePlatform("linux")),
      policy: DEFAULT_POLICY,
      checks: [screenLockCheck],
    });
    expect(result?.control).toBe("screen-lock");
    const facts = result?.facts as { sessions: string; users: unknown[] };
    if (facts.sessions === "none") expect(result?.status).toBe("not_applicable");
    if (facts.sessions === "unknown") expect(result?.status).not.toBe("pass");
    // The Ward dev machine (a container without systemd as PID 1, no display): loginctl cannot answer and nothing draws a screen.
    if (!existsSync("/run/systemd/system") && !displayProcessRunning()) {
      expect([facts.sessions, result?.status]).toEqual(["none", "not_applicable"]);
      expect(result?.facts.sessionDetail).toContain("no display server");
      expect(result?.probeErrors.map((e) => e.probe)).toContain("linux.sessions");
    }
  });
});
