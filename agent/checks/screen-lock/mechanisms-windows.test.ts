// Windows mechanism tests on real parsed fixtures: power plan by sleep kind, screen saver with Group Policy override.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unparsed } from "../framework/parsed.js";
import { inactivityMechanism, powerMechanisms, screensaverMechanism } from "./mechanisms-windows.js";
import { parsePowercfg } from "./parse-powercfg.js";
import { parseRegQuery } from "./parse-reg-query.js";

const fx = (name: string) => readFileSync(new URL(`./fixtures/windows/${name}`, import.meta.url), "utf8");
const notFound = parseRegQuery("", fx("reg-not-found.err"), 1);

describe("powerMechanisms", () => {
  it("on an S3 PC, a sleep that is 'never' plugged in does not lock, and display-off never does", () => {
    const [sleep, display] = powerMechanisms(parsePowercfg(fx("powercfg-sub-sleep-ghelper-partial.txt")), "s3");
    expect(sleep).toMatchObject({ state: "never" });
    expect(display).toMatchObject({ id: "win.sleep-states", state: "never" });
  });

  it("on an S3 PC, sleep locks at the longer of AC and DC when a password is asked on wake, and not when it is off", () => {
    const settings = (lock: number) => ({
      ok: true as const,
      value: { standbyIdle: { ac: 900, dc: 600 }, videoIdle: null, consoleLock: { ac: lock, dc: lock } },
    });
    expect(powerMechanisms(settings(1), "s3")[0]).toMatchObject({ state: "locks", seconds: 900 });
    expect(powerMechanisms(settings(0), "s3")[0]).toMatchObject({ state: "never" });
    expect(powerMechanisms(settings(1), "s0")[0]).toMatchObject({ state: "maybe", seconds: 900 });
  });

  it("reads the worst of AC and DC display timers as 'maybe' when the sleep kind is unknown", () => {
    const [, display] = powerMechanisms(parsePowercfg(fx("powercfg-sub-video-en-pareto.txt")), "unknown");
    expect(display).toMatchObject({ state: "maybe", seconds: 1800 });
  });

  it("treats 0 (never) on either source as never", () => {
    const [, display] = powerMechanisms(parsePowercfg(fx("powercfg-sub-video-sl-pareto.txt")), "s0");
    expect(display).toMatchObject({ state: "never" });
  });

  it("is unknown when powercfg could not be read, except display-off on an S3 PC", () => {
    const failed = unparsed<never>("powercfg did not answer within 15000 ms");
    expect(powerMechanisms(failed, "unknown").map((m) => m.state)).toEqual(["unknown", "unknown"]);
    expect(powerMechanisms(failed, "s3").map((m) => m.state)).toEqual(["unknown", "never"]);
  });
});

describe("screensaverMechanism", () => {
  const sid = "S-1-5-21-1-2-3-1001";
  it("lets Group Policy values override the user's own", () => {
    const m = screensaverMechanism(
      sid,
      parseRegQuery(fx("reg-desktop-v-issecure-0.txt")),
      parseRegQuery(fx("reg-desktop-policy-gpo.txt")),
    );
    expect(m).toMatchObject({ id: `win.reg-desktop-policy@${sid}`, state: "locks", seconds: 600 });
  });

  it("never locks without a chosen screen saver, and is unknown when a probe failed", () => {
    expect(screensaverMechanism(sid, parseRegQuery(fx("reg-desktop-v-issecure-0.txt")), notFound)).toMatchObject({
      state: "never",
    });
    expect(screensaverMechanism(sid, unparsed("reg exited with code 5"), notFound)).toMatchObject({ state: "unknown" });
  });
});

describe("inactivityMechanism", () => {
  it("locks at the set seconds, never when absent, unknown when unreadable", () => {
    expect(inactivityMechanism(parseRegQuery(fx("reg-inactivity-0x258.txt")))).toMatchObject({
      state: "locks",
      seconds: 600,
    });
    expect(inactivityMechanism(notFound)).toMatchObject({ state: "never" });
    expect(inactivityMechanism(parseRegQuery("", "ERROR: Access is denied.", 1))).toMatchObject({ state: "unknown" });
  });
});
