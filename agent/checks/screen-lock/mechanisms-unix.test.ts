// macOS and Linux mechanism tests on real parsed fixtures: password delay added to each timer, GNOME and KDE lock times.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unparsed } from "../framework/parsed.js";
import { gnomeMechanism, kdeMechanism, unsupportedDesktop } from "./mechanisms-linux.js";
import { type MacReadings, macMechanisms } from "./mechanisms-macos.js";
import { parseDefaultsRead } from "./parse-defaults.js";
import { parseGsettings } from "./parse-gsettings.js";
import { parseKscreenlockerrc } from "./parse-kscreenlockerrc.js";
import { parsePmset } from "./parse-pmset.js";
import { parseSysadminctlScreenLock } from "./parse-sysadminctl.js";

const fx = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
const missing = parseDefaultsRead("", fx("macos/defaults-domain-missing.err"));

const mac = (over: Partial<MacReadings>): MacReadings => ({
  user: "clerk",
  password: parseSysadminctlScreenLock(fx("macos/sysadminctl-delay-5-seconds.err")),
  screensaver: parseDefaultsRead(fx("macos/defaults-screensaver-user-domain.txt")),
  managedDevice: missing,
  managedUser: missing,
  pmset: parsePmset(fx("macos/pmset-g-xps-partial.txt")),
  ...over,
});

describe("macMechanisms", () => {
  it("adds the password delay to each timer and marks a timer an app holds off as 'maybe'", () => {
    expect(macMechanisms(mac({})).map((m) => [m.label, m.state, m.seconds])).toEqual([
      ["the screen saver", "unknown", null],
      ["display sleep", "locks", 3605],
      ["sleep", "maybe", 3605],
    ]);
  });

  it("lets a managed idleTime override the user's own", () => {
    const managed = parseDefaultsRead("{\n    idleTime = 300;\n}\n");
    const [saver] = macMechanisms(mac({ managedDevice: managed }));
    expect(saver).toMatchObject({ id: "mac.managed-screensaver", state: "locks", seconds: 305 });
  });

  it("is unknown for the screen saver when the managed settings cannot be read", () => {
    const [saver] = macMechanisms(mac({ managedUser: unparsed("defaults exited with code 134") }));
    expect(saver).toMatchObject({ id: "mac.managed-screensaver@clerk", state: "unknown" });
  });

  it("never locks when screenLock is off, and is unknown when sysadminctl cannot say", () => {
    expect(
      macMechanisms(mac({ password: parseSysadminctlScreenLock(fx("macos/sysadminctl-off.err")) })).map((m) => m.state),
    ).toEqual(["never", "never"]);
    expect(
      macMechanisms(mac({ password: parseSysadminctlScreenLock(fx("macos/sysadminctl-unknown-state.err")) })).map(
        (m) => m.state,
      ),
    ).toEqual(["unknown", "unknown"]);
  });
});

describe("gnomeMechanism", () => {
  it.each([
    ["gsettings-devvm-defaults.txt", "locks", 300],
    ["gsettings-devvm-idle-30min-lockdelay-10min.txt", "locks", 2400],
    ["gsettings-devvm-idle-never-lock-off.txt", "never", null],
    ["gsettings-devvm-lockdown-disable-lock-screen.txt", "never", null],
  ])("reads %s", (name, state, seconds) => {
    expect(gnomeMechanism("alice", parseGsettings(fx(`linux/${name}`)))).toMatchObject({
      id: "linux.gsettings@alice",
      state,
      seconds,
    });
  });

  it("is unknown when gsettings could not run in the user's session", () => {
    expect(gnomeMechanism("alice", unparsed("runuser exited with code 1"))).toMatchObject({ state: "unknown" });
  });
});

describe("kdeMechanism", () => {
  it("reads off, defaults with a grace, and all defaults", () => {
    expect(kdeMechanism("bob", parseKscreenlockerrc(fx("linux/kscreenlockerrc-autolock-false.ini")))).toMatchObject({
      state: "never",
    });
    expect(kdeMechanism("bob", parseKscreenlockerrc(fx("linux/kscreenlockerrc-lockgrace-45.ini")))).toMatchObject({
      state: "locks",
      seconds: 345,
    });
    const defaults = kdeMechanism("bob", parseKscreenlockerrc(fx("linux/kscreenlockerrc-no-daemon-group.ini")));
    expect(defaults).toMatchObject({ state: "locks", seconds: 305 });
    expect(defaults.detail).toContain("KDE's defaults");
  });

  it("names a desktop it does not read, as unknown", () => {
    expect(unsupportedDesktop("carol", "xfce")).toMatchObject({
      state: "unknown",
      detail: expect.stringContaining('"xfce"'),
    });
  });
});
