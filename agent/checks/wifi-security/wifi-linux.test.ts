// wifi-security on Linux: NetworkManager's real Wi-Fi list (a WPA2/WPA3 network in use, an open one nearby).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { wifiSecurityCheck as check } from "./index.js";
import { classifyNmcliSecurity, parseNmcliWifi } from "./parse-nmcli-wifi.js";

const fx = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), "utf8");
const LIST = fx("linux/nmcli-wifi-list-wpa2-wpa3-in-use-drone-guide.txt");
// iw's real answer on a laptop with two managed Wi-Fi interfaces: proof that there is Wi-Fi hardware.
const IW = fx("../../hotspot/fixtures/linux/iw-dev-two-managed-wifiphisher-issue.txt");
const now = new Date("2026-12-03T10:00:00Z");

describe("parseNmcliWifi", () => {
  it("reads only the row in use, from its end, and never keeps a network's name", () => {
    const r = parseNmcliWifi(LIST);
    expect(r).toEqual({ ok: true, value: [{ connected: true, security: "wpa3", authentication: "WPA2 WPA3" }] });
    expect(JSON.stringify(r)).not.toMatch(/Yesulikplim|VS-GPS/);
  });

  it("says nothing is proven when no row is marked in use", () => {
    const notInUse = LIST.split("\n")
      .filter((l) => !l.startsWith("*"))
      .join("\n");
    expect(parseNmcliWifi(notInUse)).toEqual({
      ok: true,
      value: [{ connected: null, security: null, authentication: null }],
    });
  });

  it("refuses output without nmcli's header", () => {
    expect(parseNmcliWifi("Error: NetworkManager is not running.").ok).toBe(false);
  });

  it("classifies the SECURITY column's words; '--' is open", () => {
    expect(classifyNmcliSecurity("--")).toBe("open");
    expect(classifyNmcliSecurity("WPA1 WPA2")).toBe("wpa2");
    expect(classifyNmcliSecurity("WPA2 802.1X")).toBe("wpa2");
    expect(classifyNmcliSecurity("WEP")).toBe("wep");
    expect(classifyNmcliSecurity("SOMETHING")).toBe("unknown");
  });
});

describe("verdict on a Linux laptop", () => {
  it("passes the WPA2/WPA3 network in use", async () => {
    const facts = await check.collect(
      fixtureContext("linux", { "linux.iw-dev": IW, "linux.nmcli-wifi": LIST }, { now, control: "wifi-security" }),
    );
    const v = check.evaluate(facts, DEFAULT_POLICY, "linux");
    expect(v).toMatchObject({
      status: "pass",
      summary: "This computer is connected to a secured Wi-Fi network (WPA2 WPA3).",
    });
  });

  it("answers unknown, never pass, when NetworkManager's list cannot be read", async () => {
    const facts = await check.collect(
      fixtureContext("linux", { "linux.iw-dev": IW }, { now, control: "wifi-security" }),
    );
    const v = check.evaluate(facts, DEFAULT_POLICY, "linux");
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("NetworkManager's Wi-Fi list could not be read");
  });
});
