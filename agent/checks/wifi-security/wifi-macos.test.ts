// wifi-security on macOS: a real system_profiler capture (WPA3 on en0, awdl0 beside it) and the mode words' classes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { wifiSecurityCheck as check } from "./index.js";
import { classifyMode, parseSystemProfilerWifi } from "./parse-system-profiler-wifi.js";

const WPA3 = readFileSync(
  new URL("./fixtures/macos/system-profiler-airport-wpa3-macos26-go-test.json", import.meta.url),
  "utf8",
);
const now = new Date("2026-12-03T10:00:00Z");

describe("parseSystemProfilerWifi", () => {
  it("reads en0's status and security mode and skips awdl0, which has no status", () => {
    expect(parseSystemProfilerWifi(WPA3)).toEqual({
      ok: true,
      value: [{ connected: true, security: "wpa3", authentication: "wpa3_personal" }],
    });
  });

  it("refuses what is not system_profiler's Wi-Fi report", () => {
    expect(parseSystemProfilerWifi("not json").ok).toBe(false);
    expect(parseSystemProfilerWifi('{"SPAirPortDataType": []}').ok).toBe(false);
  });

  it("classifies mode words by the protocol they name; an unknown word is never a pass", () => {
    expect(classifyMode("spairport_security_mode_wpa3_personal")).toBe("wpa3");
    expect(classifyMode("pairport_security_mode_wpa3_transition")).toBe("wpa3");
    expect(classifyMode("spairport_security_mode_wpa2_personal_mixed")).toBe("wpa2");
    expect(classifyMode("spairport_security_mode_wpa_personal")).toBe("wpa");
    expect(classifyMode("spairport_security_mode_wep")).toBe("wep");
    expect(classifyMode("spairport_security_mode_none")).toBe("open");
    expect(classifyMode("spairport_security_mode_something_new")).toBe("unknown");
  });
});

describe("verdict on a Mac", () => {
  it("passes the captured WPA3 network and never keeps the network's name", async () => {
    const facts = await check.collect(
      fixtureContext("macos", { "mac.airport": WPA3 }, { now, control: "wifi-security" }),
    );
    const v = check.evaluate(facts, DEFAULT_POLICY, "macos");
    expect(v).toMatchObject({
      status: "pass",
      summary: "This computer is connected to a secured Wi-Fi network (wpa3_personal).",
    });
    expect(JSON.stringify(v.facts)).not.toContain("redacted");
  });

  it("answers unknown, not pass, when system_profiler does not answer", async () => {
    const facts = await check.collect(fixtureContext("macos", {}, { now, control: "wifi-security" }));
    expect(check.evaluate(facts, DEFAULT_POLICY, "macos").status).toBe("unknown");
  });
});
