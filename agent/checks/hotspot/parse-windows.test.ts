// Tests for the Windows parsers on real netsh outputs and on Microsoft's documented tethering state names.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseNetshHostedNetwork } from "./parse-netsh-hostednetwork.js";
import { parseNetshInterfaces } from "./parse-netsh-interfaces.js";
import { NO_INTERNET_PROFILE, parseTetheringState } from "./parse-tethering-state.js";

const fx = (name: string) => readFileSync(new URL(`./fixtures/windows/${name}`, import.meta.url), "utf8");

describe("parseNetshHostedNetwork", () => {
  it("reads a started hosted network (unindented copy)", () => {
    expect(parseNetshHostedNetwork(fx("netsh-hostednetwork-started-mundosica.txt"))).toEqual({
      ok: true,
      value: { mode: "Allowed", status: "started", clients: 0 },
    });
  });

  it("reads a started hosted network with two clients (indented copy with client rows)", () => {
    expect(parseNetshHostedNetwork(fx("netsh-hostednetwork-started-hufamily.txt"))).toEqual({
      ok: true,
      value: { mode: "Allowed", status: "started", clients: 2 },
    });
  });

  it("reads a hosted network that is set up (Mode Allowed) but not started", () => {
    expect(parseNetshHostedNetwork(fx("netsh-hostednetwork-not-started-wifisitesurveyor.txt"))).toEqual({
      ok: true,
      value: { mode: "Allowed", status: "not_started", clients: null },
    });
  });

  it("refuses French output instead of guessing", () => {
    const r = parseNetshHostedNetwork(fx("netsh-hostednetwork-french-netify-jump-issue.txt"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/English/);
  });

  it("refuses a status word it does not know", () => {
    const text = fx("netsh-hostednetwork-started-mundosica.txt").replace(
      "Status                 : Started",
      "Status                 : Paused",
    );
    const r = parseNetshHostedNetwork(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("Paused");
  });

  it("refuses empty output and the interface listing", () => {
    expect(parseNetshHostedNetwork("").ok).toBe(false);
    expect(parseNetshHostedNetwork(fx("netsh-interfaces-connected-wifisitesurveyor.txt")).ok).toBe(false);
  });
});

describe("parseNetshInterfaces", () => {
  it("reads one interface and its hosted network status", () => {
    expect(parseNetshInterfaces(fx("netsh-interfaces-connected-wifisitesurveyor.txt"))).toEqual({
      ok: true,
      value: { interfaceCount: 1, hostedNetworkStatus: "not_started" },
    });
  });

  it("refuses a Chinese Windows' output instead of guessing", () => {
    expect(parseNetshInterfaces(fx("netsh-interfaces-chinese-resourcemonitor-issue.txt")).ok).toBe(false);
  });

  it("refuses 'Not available' until a real capture of it is verified", () => {
    const text = fx("netsh-interfaces-connected-wifisitesurveyor.txt").replace(": Not started", ": Not available");
    expect(parseNetshInterfaces(text).ok).toBe(false);
    const hosted = fx("netsh-hostednetwork-not-started-wifisitesurveyor.txt").replace(
      ": Not started",
      ": Not available",
    );
    expect(parseNetshHostedNetwork(hosted).ok).toBe(false);
  });

  it("refuses output without the English lines it reads", () => {
    expect(parseNetshInterfaces(fx("netsh-hostednetwork-french-netify-jump-issue.txt")).ok).toBe(false);
    expect(parseNetshInterfaces("").ok).toBe(false);
  });

  it("refuses an unknown hosted network status", () => {
    const text = fx("netsh-interfaces-connected-wifisitesurveyor.txt").replace(": Not started", ": Peut-être");
    expect(parseNetshInterfaces(text).ok).toBe(false);
  });
});

describe("parseTetheringState (documented enum names; no real capture of the script exists)", () => {
  it.each([
    ["On\r\n", "On"],
    ["Off\r\n", "Off"],
    ["InTransition", "InTransition"],
    ["Unknown", "Unknown"],
    [`${NO_INTERNET_PROFILE}\r\n`, "NoInternetProfile"],
  ])("reads %j", (text, state) => {
    expect(parseTetheringState(text)).toEqual({ ok: true, value: state });
  });

  it.each([
    ["empty", ""],
    ["a number instead of the name", "1"],
    ["a lower-case name", "on"],
    ["two lines", "On\r\nOff\r\n"],
    [
      "a PowerShell error",
      "Unable to find type [Windows.Networking.NetworkOperators.NetworkOperatorTetheringManager].",
    ],
  ])("refuses %s", (_label, text) => {
    expect(parseTetheringState(text).ok).toBe(false);
  });
});
