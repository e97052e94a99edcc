// macOS parser tests on every macOS fixture: sysadminctl stderr, defaults plist text, pmset -g, the console owner.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConsoleUid, parseConsoleUser } from "./parse-console-user.js";
import { defaultsInt, parseDefaultsRead } from "./parse-defaults.js";
import { parsePmset } from "./parse-pmset.js";
import { parseSysadminctlScreenLock } from "./parse-sysadminctl.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/macos/${name}`, import.meta.url), "utf8");

describe("parseSysadminctlScreenLock", () => {
  it.each([
    ["sysadminctl-immediate.err", { required: true, delaySeconds: 0 }],
    ["sysadminctl-delay-5-seconds.err", { required: true, delaySeconds: 5 }],
    ["sysadminctl-delay-300-seconds.err", { required: true, delaySeconds: 300 }],
    ["sysadminctl-off.err", { required: false }],
  ])("reads %s past its timestamp prefix", (name, expected) => {
    expect(parseSysadminctlScreenLock(fixture(name))).toEqual({ ok: true, value: expected });
  });

  it("does not take 'Unknown state for screenLock (0)' as a status", () => {
    const r = parseSysadminctlScreenLock(fixture("sysadminctl-unknown-state.err"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("Unknown state for screenLock (0)");
  });

  it("answers an error for empty output", () => {
    expect(parseSysadminctlScreenLock("").ok).toBe(false);
  });
});

describe("parseDefaultsRead", () => {
  it("reads a domain without idleTime", () => {
    const d = parseDefaultsRead(fixture("defaults-screensaver-user-domain.txt"));
    expect(d).toEqual({ ok: true, value: { exists: true, values: { askForPassword: "1", tokenRemovalAction: "0" } } });
    if (d.ok) expect(defaultsInt(d.value, "idleTime")).toBeNull();
  });

  it("refuses a dictionary cut before its closing brace", () => {
    const r = parseDefaultsRead(fixture("defaults-screensaver-byhost-partial.txt"));
    expect(r.ok).toBe(false);
  });

  it("reads idleTime from the same dictionary once complete, skipping nested dictionaries", () => {
    const whole = `${fixture("defaults-screensaver-byhost-partial.txt")}eDict =     {\n        moduleName = Flurry;\n        path = "/System/Library/Screen Savers/Flurry.saver";\n        type = 0;\n    };\n}\n`;
    const r = parseDefaultsRead(whole);
    if (!r.ok) throw new Error(r.error);
    expect(defaultsInt(r.value, "idleTime")).toBe(600);
    expect(r.value.exists && r.value.values.path).toBeUndefined();
  });

  it("answers 'does not exist' for a missing domain on stderr", () => {
    expect(parseDefaultsRead("", fixture("defaults-domain-missing.err"))).toEqual({
      ok: true,
      value: { exists: false },
    });
  });

  it("refuses other errors and non-dictionary output", () => {
    expect(parseDefaultsRead("", "defaults: Operation not permitted").ok).toBe(false);
    expect(parseDefaultsRead("600\n").ok).toBe(false);
  });
});

describe("parsePmset", () => {
  it("reads displaysleep, and a sleep value whose note says an app prevents it", () => {
    expect(parsePmset(fixture("pmset-g-imac-ventura.txt"))).toEqual({
      ok: true,
      value: { displaySleep: { minutes: 20, prevented: false }, sleep: { minutes: 1, prevented: true } },
    });
    expect(parsePmset(fixture("pmset-g-xps-partial.txt"))).toEqual({
      ok: true,
      value: { displaySleep: { minutes: 60, prevented: false }, sleep: { minutes: 60, prevented: true } },
    });
  });

  it("refuses output with neither timer", () => {
    expect(parsePmset("pmset: command not found").ok).toBe(false);
  });
});

describe("console owner", () => {
  it("reads root at the login window as nobody signed in", () => {
    expect(parseConsoleUser(fixture("stat-console-user-loginwindow.txt"))).toEqual({ ok: true, value: null });
  });

  it("reads a short user name and refuses anything else", () => {
    expect(parseConsoleUser("clerk\n")).toEqual({ ok: true, value: "clerk" });
    expect(parseConsoleUser("stat: /dev/console: stat: No such file or directory").ok).toBe(false);
    expect(parseConsoleUser("").ok).toBe(false);
  });

  it("reads the uid", () => {
    expect(parseConsoleUid(fixture("stat-console-uid.txt"))).toEqual({ ok: true, value: "501" });
    expect(parseConsoleUid("root").ok).toBe(false);
  });
});
