// Windows parser tests on every Windows fixture: reg query (values, not found, user hives), powercfg by GUID, UTF-16.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeToolOutput } from "../../platform/decode.js";
import { parsePowercfg } from "./parse-powercfg.js";
import { parseRegQuery, regNumber, userSids } from "./parse-reg-query.js";
import { parseSleepStates } from "./parse-sleep-states.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/windows/${name}`, import.meta.url), "utf8");

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("parseRegQuery", () => {
  it("reads the machine inactivity limit as hex seconds", () => {
    const q = ok(parseRegQuery(fixture("reg-inactivity-0x258.txt")));
    expect(q.found).toBe(true);
    if (q.found) expect(regNumber(q.values.inactivitytimeoutsecs)).toBe(600);
  });

  it("reads a /v answer with its key line", () => {
    const q = ok(parseRegQuery(fixture("reg-desktop-v-issecure-0.txt")));
    if (!q.found) throw new Error("expected a key");
    expect(q.keys).toEqual(["HKEY_CURRENT_USER\\Control Panel\\Desktop"]);
    expect(q.values.screensaverissecure).toEqual({ type: "REG_SZ", data: "0" });
  });

  it("reads Group Policy screen saver values, names case-insensitively, including SCRNSAVE.EXE", () => {
    const q = ok(parseRegQuery(fixture("reg-desktop-policy-gpo.txt")));
    if (!q.found) throw new Error("expected values");
    expect(q.values["scrnsave.exe"]?.data).toBe("scrnsave.scr");
    expect(regNumber(q.values.screensavetimeout)).toBe(600);
    expect(q.values.screensaveactive?.data).toBe("1");
  });

  it("answers not found for reg's 'unable to find' error (exit 1, empty stdout)", () => {
    expect(ok(parseRegQuery("", fixture("reg-not-found.err"), 1))).toEqual({ found: false });
  });

  it("does not take a localised or other error for 'not found'", () => {
    const r = parseRegQuery(
      "",
      "FEHLER: Das System konnte den angegebenen Registrierungsschlüssel oder Wert nicht finden.",
      1,
    );
    expect(r.ok).toBe(false);
    expect(parseRegQuery("", "ERROR: Access is denied.", 1).ok).toBe(false);
    expect(parseRegQuery("", "", 0).ok).toBe(false);
  });

  it("refuses a line that is neither a key nor a value", () => {
    expect(parseRegQuery("HKEY_USERS\\.DEFAULT\nsomething odd happened").ok).toBe(false);
  });

  it("reads UTF-16LE output (with and without BOM) once decoded as the platform does", () => {
    const text = fixture("reg-desktop-v-issecure-0.txt").replace(/\n/g, "\r\n");
    const utf16 = Buffer.from(text, "utf16le");
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]), utf16]) {
      const q = ok(parseRegQuery(decodeToolOutput(new Uint8Array(bytes))));
      expect(q.found && q.values.screensaverissecure?.data).toBe("0");
    }
  });

  it("lists user SIDs from hive lines, without _Classes twins or service accounts (format of the key lines above)", () => {
    const q = ok(
      parseRegQuery(
        "\r\nHKEY_USERS\\.DEFAULT\r\nHKEY_USERS\\S-1-5-19\r\nHKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1001\r\nHKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1001_Classes\r\nHKEY_USERS\\S-1-5-18\r\n",
      ),
    );
    expect(userSids(q)).toEqual(["S-1-5-21-1004336348-1177238915-682003330-1001"]);
    // A Microsoft Entra ID (Azure AD) account's hive is a person too.
    const entra = parseRegQuery(
      "HKEY_USERS\\S-1-12-1-1234567890-1234567890-1234567890-1234567890\r\nHKEY_USERS\\S-1-5-18\r\n",
    );
    expect(entra.ok && userSids(entra.value)).toEqual(["S-1-12-1-1234567890-1234567890-1234567890-1234567890"]);
    expect(userSids({ found: false })).toEqual([]);
  });

  it("reads decimal and refuses non-numeric REG_DWORD data", () => {
    expect(regNumber({ type: "REG_DWORD", data: "1800" })).toBe(1800);
    expect(regNumber({ type: "REG_SZ", data: "ten" })).toBeNull();
    expect(regNumber(undefined)).toBeNull();
  });
});

describe("parsePowercfg", () => {
  it("reads VIDEOIDLE from English output", () => {
    const p = ok(parsePowercfg(fixture("powercfg-sub-video-en-pareto.txt")));
    expect(p.videoIdle).toEqual({ ac: 1800, dc: 900 });
    expect(p.standbyIdle).toBeNull();
    expect(p.consoleLock).toBeNull();
  });

  it("reads VIDEOIDLE by GUID from fully translated French output", () => {
    expect(ok(parsePowercfg(fixture("powercfg-sub-video-fr-pareto.txt"))).videoIdle).toEqual({ ac: 300, dc: 180 });
  });

  it("reads Slovenian output with 0 (never) on AC", () => {
    expect(ok(parsePowercfg(fixture("powercfg-sub-video-sl-pareto.txt"))).videoIdle).toEqual({ ac: 0, dc: 3600 });
  });

  it("reads CONSOLELOCK in the real list layout and in Pareto's range layout", () => {
    expect(ok(parsePowercfg(fixture("powercfg-query-hyperv-partial.txt"))).consoleLock).toEqual({ ac: 1, dc: 1 });
    expect(ok(parsePowercfg(fixture("powercfg-consolelock-on-pareto.txt"))).consoleLock).toEqual({ ac: 1, dc: 1 });
    expect(ok(parsePowercfg(fixture("powercfg-consolelock-off-pareto.txt"))).consoleLock).toEqual({ ac: 0, dc: 0 });
  });

  it("reads STANDBYIDLE from a cut SUB_SLEEP excerpt", () => {
    const p = ok(parsePowercfg(fixture("powercfg-sub-sleep-ghelper-partial.txt")));
    expect(p.standbyIdle).toEqual({ ac: 0, dc: 1800 });
    expect(p.videoIdle).toBeNull();
  });

  it("reads VIDEOIDLE from a partial full query and ignores the cut brightness block", () => {
    const p = ok(parsePowercfg(fixture("powercfg-query-forderud-partial.txt")));
    expect(p.videoIdle).toEqual({ ac: 600, dc: 300 });
  });

  it("leaves a cut setting unknown instead of misreading its minimum and maximum", () => {
    const cut = fixture("powercfg-sub-video-en-pareto.txt").split("\n").slice(0, 10).join("\n");
    expect(ok(parsePowercfg(cut)).videoIdle).toBeNull();
  });

  it("refuses output without any GUID (an error message, an empty answer)", () => {
    expect(parsePowercfg('Invalid Parameters -- try "/?" for help').ok).toBe(false);
    expect(parsePowercfg("").ok).toBe(false);
  });
});

describe("parseSleepStates", () => {
  it("finds Modern Standby in the available list of a cut answer", () => {
    expect(parseSleepStates(fixture("powercfg-a-modern-standby-partial.txt"))).toEqual({
      ok: true,
      value: { modernStandby: true },
    });
  });

  it("reads an S3 PC, whose unavailable list names S0 Low Power Idle", () => {
    expect(parseSleepStates(fixture("powercfg-a-s3.txt"))).toEqual({ ok: true, value: { modernStandby: false } });
  });

  it("answers that it cannot tell for headings in another language", () => {
    expect(
      parseSleepStates("Les états de veille suivants sont disponibles sur ce système :\n    Veille (S3)\n").ok,
    ).toBe(false);
  });
});
