// Replays of real fixtures through the fixture context (and a live-like context that runs discovery), checked end to end.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ProbeError } from "../../../shared/schemas/check-result.js";
import type { OsPlatform } from "../../../shared/schemas/control.js";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import type { CollectContext } from "../framework/check.js";
import { createContext, inMemoryStore } from "../framework/context.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { mapSource } from "../framework/replay-source.js";
import { allProbes } from "../registry.js";
import { screenLockCheck } from "./index.js";

type Output = string | { text: string; exitCode?: number; stderr?: string };
const fx = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const regNotFound: Output = { text: "", stderr: fx("windows/reg-not-found.err"), exitCode: 1 };
const domainMissing: Output = { text: "", stderr: fx("macos/defaults-domain-missing.err"), exitCode: 1 };
// A user SID in the documented shape (the qualifier names the capture file; it is not tool output).
const SID = "S-1-5-21-1004336348-1177238915-682003330-1001";

async function run(ctx: CollectContext) {
  const facts = await screenLockCheck.collect(ctx);
  return { facts, verdict: screenLockCheck.evaluate(facts, DEFAULT_POLICY, ctx.os) };
}
const replay = (os: OsPlatform, outputs: Record<string, Output>) =>
  run(fixtureContext(os, outputs, { control: "screen-lock" }));

/** Like a live run: no captured qualifiers, so collect() runs its own discovery probes. */
function liveLike(os: OsPlatform, outputs: Record<string, Output>, errors: ProbeError[] = []) {
  const source = { ...mapSource(os, outputs), capturedQualifiers: async () => null };
  return run(
    createContext({
      control: "screen-lock",
      source,
      probes: allProbes(),
      memory: inMemoryStore(),
      now: new Date(),
      cache: new Map(),
      errors,
    }),
  );
}

describe("Windows replays", () => {
  it("passes on the machine inactivity limit (600 s) whatever the user's screen saver", async () => {
    const { verdict } = await replay("windows", {
      "win.reg-inactivity": fx("windows/reg-inactivity-0x258.txt"),
      "win.powercfg": fx("windows/powercfg-sub-sleep-ghelper-partial.txt"),
      [`win.reg-desktop@${SID}`]: fx("windows/reg-desktop-v-issecure-0.txt"),
      [`win.reg-desktop-policy@${SID}`]: regNotFound,
    });
    expect(verdict.status).toBe("pass");
    expect(verdict.facts).toMatchObject({ effectiveMinutes: 10, setBy: "win.reg-inactivity" });
  });

  it("passes on a Group Policy screen saver that overrides the user's unticked password box", async () => {
    const { facts, verdict } = await replay("windows", {
      "win.reg-inactivity": regNotFound,
      "win.powercfg": fx("windows/powercfg-query-hyperv-partial.txt"),
      [`win.reg-desktop@${SID}`]: fx("windows/reg-desktop-v-issecure-0.txt"),
      [`win.reg-desktop-policy@${SID}`]: fx("windows/reg-desktop-policy-gpo.txt"),
    });
    expect(facts.users[0]?.mechanisms[0]).toMatchObject({
      id: `win.reg-desktop-policy@${SID}`,
      state: "locks",
      seconds: 600,
    });
    expect(verdict.status).toBe("pass");
    expect(verdict.summary).toContain("Group Policy");
  });

  it("does not fail when powercfg shows no display timer: turning the display off stays unknown", async () => {
    const { facts, verdict } = await replay("windows", {
      "win.reg-inactivity": regNotFound,
      "win.powercfg": fx("windows/powercfg-sub-sleep-ghelper-partial.txt"),
      [`win.reg-desktop@${SID}`]: fx("windows/reg-desktop-v-issecure-0.txt"),
      [`win.reg-desktop-policy@${SID}`]: regNotFound,
    });
    expect(facts.machine.map((m) => [m.label, m.state])).toEqual([
      ["the machine inactivity limit", "never"],
      ["sleep", "never"],
      ["turning the display off", "unknown"],
    ]);
    expect(facts.users[0]?.mechanisms[0]?.state).toBe("never");
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("win.powercfg");
  });

  it("fails an S3 PC where nothing locks: no limit, no sleep plugged in, display-off does not lock, password box unticked", async () => {
    const { facts, verdict } = await replay("windows", {
      "win.reg-inactivity": regNotFound,
      "win.powercfg": fx("windows/powercfg-sub-sleep-ghelper-partial.txt"),
      "win.sleep-states": fx("windows/powercfg-a-s3.txt"),
      [`win.reg-desktop@${SID}`]: fx("windows/reg-desktop-v-issecure-0.txt"),
      [`win.reg-desktop-policy@${SID}`]: regNotFound,
    });
    expect(facts.machine.map((m) => [m.id, m.state])).toEqual([
      ["win.reg-inactivity", "never"],
      ["win.powercfg", "never"],
      ["win.sleep-states", "never"],
    ]);
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toContain("nothing locks it with a password");
    expect(verdict.remediation[0]).toContain("Personalisation > Lock screen");
  });

  it("counts sleep on a Modern Standby PC only as 'maybe' (the sign-in delay is not read)", async () => {
    const { facts } = await replay("windows", {
      "win.reg-inactivity": regNotFound,
      "win.powercfg": fx("windows/powercfg-sub-sleep-ghelper-partial.txt"),
      "win.sleep-states": fx("windows/powercfg-a-modern-standby-partial.txt"),
    });
    expect(facts.machine.map((m) => [m.label, m.state])).toEqual([
      ["the machine inactivity limit", "never"],
      ["sleep", "never"],
      ["turning the display off", "unknown"],
    ]);
  });

  it("reads display-off on French Windows as 'maybe' and so never passes on it alone", async () => {
    const { facts, verdict } = await replay("windows", {
      "win.reg-inactivity": regNotFound,
      "win.powercfg": fx("windows/powercfg-sub-video-fr-pareto.txt"),
    });
    expect(facts.machine.find((m) => m.label === "turning the display off")).toMatchObject({
      state: "maybe",
      seconds: 300,
    });
    expect(verdict.status).not.toBe("pass");
  });

  it("is unknown when neither the user hives nor their discovery were captured (absence is not evidence)", async () => {
    const { facts, verdict } = await replay("windows", {
      "win.reg-inactivity": regNotFound,
      "win.powercfg": fx("windows/powercfg-sub-video-sl-pareto.txt"),
    });
    expect(facts.sessions).toBe("unknown");
    expect(verdict.status).toBe("unknown");
  });

  it("is unknown when discovery cannot list the user hives (a probe that failed is never a pass)", async () => {
    const errors: ProbeError[] = [];
    const { facts, verdict } = await liveLike(
      "windows",
      {
        "win.reg-inactivity": regNotFound,
        "win.powercfg": fx("windows/powercfg-sub-video-en-pareto.txt"),
        "win.user-sids": regNotFound,
      },
      errors,
    );
    expect(facts.sessions).toBe("unknown");
    expect(verdict.status).toBe("unknown");
  });
});

describe("macOS replays", () => {
  it("is not applicable at the login window", async () => {
    const { verdict } = await replay("macos", { "mac.console-user": fx("macos/stat-console-user-loginwindow.txt") });
    expect(verdict.status).toBe("not_applicable");
  });

  // The console user's name line is the only input here without a real sample ("clerk" stands in for any short name).
  const signedIn = { "mac.console-user": "clerk\n", "mac.console-uid": fx("macos/stat-console-uid.txt") };

  it("passes on display sleep (20 min, password immediately) while system sleep is held off by apps", async () => {
    const { facts, verdict } = await replay("macos", {
      ...signedIn,
      "mac.sysadminctl-screenlock": fx("macos/sysadminctl-immediate.err"),
      "mac.screensaver": fx("macos/defaults-screensaver-user-domain.txt"),
      "mac.managed-screensaver": domainMissing,
      "mac.managed-screensaver@clerk": domainMissing,
      "mac.pmset": fx("macos/pmset-g-imac-ventura.txt"),
    });
    expect(facts.users[0]?.mechanisms.map((m) => [m.label, m.state, m.seconds])).toEqual([
      ["the screen saver", "unknown", null],
      ["display sleep", "locks", 1200],
      ["sleep", "maybe", 60],
    ]);
    expect(verdict.status).toBe("pass");
    expect(verdict.facts).toMatchObject({ effectiveMinutes: 20, setBy: "mac.pmset" });
  });

  it("fails when no password is asked at all (screenLock is off)", async () => {
    const { verdict } = await replay("macos", {
      ...signedIn,
      "mac.sysadminctl-screenlock": fx("macos/sysadminctl-off.err"),
      "mac.screensaver": fx("macos/defaults-screensaver-user-domain.txt"),
      "mac.managed-screensaver": domainMissing,
      "mac.managed-screensaver@clerk": domainMissing,
      "mac.pmset": fx("macos/pmset-g-imac-ventura.txt"),
    });
    expect(verdict.status).toBe("fail");
    expect(verdict.summary).toContain("nothing locks it with a password");
  });

  it("is unknown when the screen saver output is cut and display sleep is too long (60 + 5 minutes)", async () => {
    const { verdict } = await replay("macos", {
      ...signedIn,
      "mac.sysadminctl-screenlock": fx("macos/sysadminctl-delay-300-seconds.err"),
      "mac.screensaver": fx("macos/defaults-screensaver-byhost-partial.txt"),
      "mac.managed-screensaver": domainMissing,
      "mac.managed-screensaver@clerk": domainMissing,
      "mac.pmset": fx("macos/pmset-g-xps-partial.txt"),
    });
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("mac.screensaver");
  });

  it("is unknown when sysadminctl does not give a status", async () => {
    const { verdict } = await replay("macos", {
      ...signedIn,
      "mac.sysadminctl-screenlock": fx("macos/sysadminctl-unknown-state.err"),
      "mac.screensaver": fx("macos/defaults-screensaver-user-domain.txt"),
      "mac.managed-screensaver": domainMissing,
      "mac.managed-screensaver@clerk": domainMissing,
      "mac.pmset": fx("macos/pmset-g-imac-ventura.txt"),
    });
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("Unknown state for screenLock");
  });
});

describe("Linux replays", () => {
  it("is not applicable on the dev machine: no logind and no display server running", async () => {
    const { facts, verdict } = await liveLike("linux", {
      "linux.sessions": { text: "", stderr: fx("linux/loginctl-list-sessions-devvm-no-systemd.err"), exitCode: 1 },
      "linux.display-processes": fx("linux/ps-uid-comm-devvm-no-display.txt"),
    });
    expect(facts.sessions).toBe("none");
    expect(verdict.status).toBe("not_applicable");
    expect(facts.sessionDetail).toContain("no display server");
    expect(verdict.summary).toBe("Nobody is signed in to this computer's screen, so there is no session to lock.");
  });

  it("is unknown without logind when a display server is running (a real ps listing with a user's Xorg)", async () => {
    const { facts, verdict } = await liveLike("linux", {
      "linux.sessions": { text: "", stderr: fx("linux/loginctl-list-sessions-devvm-no-systemd.err"), exitCode: 1 },
      "linux.display-processes": fx("linux/ps-axjf-ly-xorg-uid1000-partial.txt"),
    });
    expect(verdict.status).toBe("unknown");
    expect(facts.sessionDetail).toContain("Xorg run by user id 1000 is running but loginctl could not list sessions");
  });

  // startx: logind has only a text session (Type=tty), yet a user's X server is running. Not "nobody signed in".
  it("is unknown, never not applicable, when a display server runs outside any graphical login session (startx)", async () => {
    const { facts, verdict } = await replay("linux", {
      "linux.session@21": fx("linux/loginctl-show-session-tty-sshd-remote.txt"),
      "linux.display-processes": fx("linux/ps-axjf-ly-xorg-uid1000-partial.txt"),
    });
    expect(facts.sessions).toBe("unknown");
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toBe(
      "Ward could not tell who is signed in, so it could not check the screen lock: a display server is running outside a login session (for example startx); Ward cannot read its screen-lock settings (Xorg run by user id 1000)",
    );
  });

  it("is not applicable with only a text login (Type=tty) and no display server running", async () => {
    const { facts, verdict } = await replay("linux", {
      "linux.session@21": fx("linux/loginctl-show-session-tty-sshd-remote.txt"),
      "linux.display-processes": fx("linux/ps-uid-comm-devvm-no-display.txt"),
    });
    expect([facts.sessions, facts.sessionDetail]).toEqual(["none", "only text or remote logins, no graphical session"]);
    expect(verdict.status).toBe("not_applicable");
  });

  it("is unknown when logind shows only a text login and ps cannot say whether a display is running", async () => {
    const { facts, verdict } = await replay("linux", {
      "linux.session@21": fx("linux/loginctl-show-session-tty-sshd-remote.txt"),
      "linux.display-processes": fx("linux/ps-comm-devvm-no-display.txt"),
    });
    expect(facts.sessionDetail).toMatch(/could not check for a display started outside a login session/);
    expect(verdict.status).toBe("unknown");
  });

  it("fails a KDE user whose automatic lock is off, even though another session could not be read", async () => {
    const { facts, verdict } = await liveLike("linux", {
      "linux.sessions": fx("linux/loginctl-list-sessions-gdm-and-user.txt"),
      "linux.session@2": fx("linux/loginctl-show-session-kde-wayland.txt"),
      "linux.kscreenlockerrc@hossein": fx("linux/kscreenlockerrc-autolock-false.ini"),
    });
    expect(facts.sessions).toBe("unknown");
    expect(facts.users.map((u) => u.user)).toEqual(["hossein"]);
    expect(verdict.status).toBe("fail");
  });

  it("passes a KDE user on KDE's defaults plus a 45-second grace (5 min 45 s)", async () => {
    const { verdict } = await replay("linux", {
      "linux.sessions": fx("linux/loginctl-list-sessions-gdm-and-user.txt"),
      "linux.session@2": fx("linux/loginctl-show-session-kde-wayland.txt"),
      "linux.kscreenlockerrc@hossein": fx("linux/kscreenlockerrc-lockgrace-45.ini"),
    });
    expect(verdict.status).toBe("pass");
    expect(verdict.summary).toContain("5 minutes 45 seconds");
  });

  it("is unknown for a KDE user without a kscreenlockerrc (defaults are not assumed for a missing file)", async () => {
    const { verdict } = await replay("linux", {
      "linux.sessions": fx("linux/loginctl-list-sessions-gdm-and-user.txt"),
      "linux.session@2": fx("linux/loginctl-show-session-kde-wayland.txt"),
    });
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("linux.kscreenlockerrc@hossein");
  });

  it("is unknown for an Xfce session, whose locker Ward does not read", async () => {
    const { verdict } = await liveLike("linux", {
      "linux.sessions": fx("linux/loginctl-list-sessions-livecd.txt"),
      "linux.session@1": fx("linux/loginctl-show-session-xfce-x11.txt"),
    });
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("xfce");
  });

  it("is unknown when the KDE session's owner cannot be told (no list, no Name=)", async () => {
    const { verdict } = await replay("linux", {
      "linux.session@10": fx("linux/loginctl-show-session-kde-wayland.txt"),
    });
    expect(verdict.status).toBe("unknown");
  });
});
