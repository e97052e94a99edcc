// Linux parser tests on every Linux fixture: loginctl lists and sessions, ps, gsettings, kscreenlockerrc.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGsettings } from "./parse-gsettings.js";
import { parseKscreenlockerrc } from "./parse-kscreenlockerrc.js";
import { desktopKind, isGraphicalUserSession, parseListSessions, parseShowSession } from "./parse-loginctl.js";
import { parseDisplayProcesses } from "./parse-processes.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/linux/${name}`, import.meta.url), "utf8");

describe("parseListSessions", () => {
  it("skips the header and footer around the rows", () => {
    expect(parseListSessions(fixture("loginctl-list-sessions-gdm-and-user.txt"))).toEqual({
      ok: true,
      value: [
        { id: "2", uid: "1000", user: "hossein" },
        { id: "c1", uid: "121", user: "gdm" },
      ],
    });
  });

  it("reads the older layout without a TTY column", () => {
    expect(parseListSessions(fixture("loginctl-list-sessions-livecd.txt"))).toEqual({
      ok: true,
      value: [{ id: "1", uid: "1000", user: "liveuser" }],
    });
  });

  it("reads an empty answer (the dev machine's failed loginctl prints nothing on stdout) as no rows", () => {
    expect(parseListSessions(fixture("loginctl-list-sessions-devvm-no-systemd.txt"))).toEqual({ ok: true, value: [] });
    expect(parseListSessions("No sessions.\n")).toEqual({ ok: true, value: [] });
  });

  it("refuses an unrecognised line", () => {
    expect(parseListSessions(fixture("loginctl-list-sessions-devvm-no-systemd.err")).ok).toBe(false);
  });
});

describe("parseShowSession", () => {
  it("reads a graphical xfce session with every property", () => {
    const s = parseShowSession(fixture("loginctl-show-session-xfce-x11.txt"));
    if (!s.ok) throw new Error(s.error);
    expect(s.value).toMatchObject({ type: "x11", class: "user", desktop: "xfce", name: "liveuser", remote: "no" });
    expect(isGraphicalUserSession(s.value)).toBe(true);
    expect(desktopKind(s.value.desktop)).toBe("other");
  });

  it("reads a KDE Wayland session asked with -p", () => {
    const s = parseShowSession(fixture("loginctl-show-session-kde-wayland.txt"));
    if (!s.ok) throw new Error(s.error);
    expect(s.value).toMatchObject({ type: "wayland", class: "user", desktop: "KDE", name: "", uid: "" });
    expect(desktopKind(s.value.desktop)).toBe("kde");
  });

  it("does not count greeters or text logins as graphical sessions", () => {
    const base = { desktop: "", remote: "no", active: "yes", name: "gdm", uid: "121" };
    expect(isGraphicalUserSession({ ...base, type: "wayland", class: "greeter" })).toBe(false);
    expect(isGraphicalUserSession({ ...base, type: "tty", class: "user" })).toBe(false);
  });

  it("maps logind desktop names to GNOME or KDE", () => {
    expect(["GNOME", "gnome", "ubuntu:GNOME", "ubuntu", "gnome-xorg"].map(desktopKind)).toEqual([
      "gnome",
      "gnome",
      "gnome",
      "gnome",
      "gnome",
    ]);
    expect(["KDE", "plasma", "xfce", "", "sway"].map(desktopKind)).toEqual(["kde", "kde", "other", "other", "other"]);
  });

  it("refuses output without Type=", () => {
    expect(parseShowSession("Failed to get session: No session '9' known").ok).toBe(false);
  });
});

describe("parseDisplayProcesses", () => {
  it("finds no display server on the dev machine (`ps -e -o uid,comm`)", () => {
    expect(parseDisplayProcesses(fixture("ps-uid-comm-devvm-no-display.txt"))).toEqual({ ok: true, value: [] });
  });

  it("finds the Xorg a user (uid 1000) runs in a real `ps -axjf` tree, past the tree marks and elided lines", () => {
    expect(parseDisplayProcesses(fixture("ps-axjf-ly-xorg-uid1000-partial.txt"))).toEqual({
      ok: true,
      value: [{ name: "Xorg", uid: "1000" }],
    });
  });

  it("refuses output without a UID … COMMAND header (the old probe's `ps -e -o comm=` capture), and empty output", () => {
    expect(parseDisplayProcesses(fixture("ps-comm-devvm-no-display.txt"))).toMatchObject({ ok: false });
    expect(parseDisplayProcesses("").ok).toBe(false);
  });
});

describe("parseGsettings", () => {
  it.each([
    ["gsettings-devvm-defaults.txt", { idleDelay: 300, lockEnabled: true, lockDelay: 0, lockScreenDisabled: false }],
    [
      "gsettings-devvm-idle-never-lock-off.txt",
      { idleDelay: 0, lockEnabled: false, lockDelay: 0, lockScreenDisabled: false },
    ],
    [
      "gsettings-devvm-idle-30min-lockdelay-10min.txt",
      { idleDelay: 1800, lockEnabled: true, lockDelay: 600, lockScreenDisabled: false },
    ],
    [
      "gsettings-devvm-lockdown-disable-lock-screen.txt",
      { idleDelay: 600, lockEnabled: true, lockDelay: 0, lockScreenDisabled: true },
    ],
  ])("reads %s", (name, expected) => {
    expect(parseGsettings(fixture(name))).toEqual({ ok: true, value: expected });
  });

  it("refuses output without GNOME's schemas", () => {
    const noGnome = fixture("gsettings-devvm-defaults.txt")
      .split("\n")
      .filter((l) => !l.startsWith("org.gnome.desktop."))
      .join("\n");
    expect(parseGsettings(noGnome).ok).toBe(false);
  });
});

describe("parseKscreenlockerrc", () => {
  it("reads Autolock=false", () => {
    expect(parseKscreenlockerrc(fixture("kscreenlockerrc-autolock-false.ini"))).toEqual({
      ok: true,
      value: {
        autolock: false,
        timeoutMinutes: 5,
        lockGraceSeconds: 5,
        requirePassword: true,
        explicitKeys: ["Autolock"],
      },
    });
  });

  it("applies KDE's defaults to absent keys", () => {
    expect(parseKscreenlockerrc(fixture("kscreenlockerrc-lockgrace-45.ini"))).toEqual({
      ok: true,
      value: {
        autolock: true,
        timeoutMinutes: 5,
        lockGraceSeconds: 45,
        requirePassword: true,
        explicitKeys: ["LockGrace"],
      },
    });
    expect(parseKscreenlockerrc(fixture("kscreenlockerrc-no-daemon-group.ini"))).toEqual({
      ok: true,
      value: { autolock: true, timeoutMinutes: 5, lockGraceSeconds: 5, requirePassword: true, explicitKeys: [] },
    });
  });

  it("reads administrator-locked keys and refuses values it does not understand", () => {
    const locked = parseKscreenlockerrc("[Daemon]\nAutolock[$i]=true\nTimeout=15\n");
    expect(locked.ok && locked.value.timeoutMinutes).toBe(15);
    expect(parseKscreenlockerrc("[Daemon]\nTimeout=soon\n").ok).toBe(false);
    expect(parseKscreenlockerrc("not an ini file").ok).toBe(false);
  });
});
