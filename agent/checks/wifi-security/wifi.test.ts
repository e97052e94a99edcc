// wifi-security on real netsh captures (English open network, Chinese open network), sightings, and this machine's real probes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { inMemoryStore } from "../framework/context.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { liveLinuxContext } from "../testing/live-context.js";
import { wifiSecurityCheck as check } from "./index.js";
import { classifyAuthentication, parseNetshWlan } from "./parse-netsh-wlan.js";

const fx = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), "utf8");
const OPEN_EN = fx("windows/netsh-interfaces-open-network-wifisitesurveyor.txt");
const OPEN_ZH = fx("windows/netsh-interfaces-chinese-open-resourcemonitor-issue.txt");

describe("parseNetshWlan", () => {
  it("finds the authentication by structure in English and Chinese, and never keeps the SSID", () => {
    expect(parseNetshWlan(OPEN_EN)).toEqual({
      ok: true,
      value: [{ connected: true, security: "open", authentication: "Open" }],
    });
    expect(parseNetshWlan(OPEN_ZH)).toEqual({
      ok: true,
      value: [{ connected: true, security: "open", authentication: "开放式" }],
    });
    expect(JSON.stringify(parseNetshWlan(OPEN_EN))).not.toContain("CE_WLAN");
  });

  it("classifies netsh's authentication names", () => {
    expect(classifyAuthentication("WPA2-Personal", "CCMP")).toBe("wpa2");
    expect(classifyAuthentication("WPA3-Personal", "GCMP")).toBe("wpa3");
    expect(classifyAuthentication("Open", "WEP")).toBe("wep");
    expect(classifyAuthentication("Ouvrir", "Aucun")).toBe("unknown");
  });
});

describe("verdicts", () => {
  const at = (iso: string) => new Date(iso);
  it("fails an open network at once, in English and Chinese", async () => {
    for (const text of [OPEN_EN, OPEN_ZH]) {
      const facts = await check.collect(
        fixtureContext(
          "windows",
          { "win.wlan-interfaces": text },
          { now: at("2026-12-03T10:00:00Z"), control: "wifi-security" },
        ),
      );
      const v = check.evaluate(facts, DEFAULT_POLICY, "windows");
      expect(v.status).toBe("fail");
      expect(v.summary).toBe(
        "This computer is connected to an open (unencrypted) network right now, which the council's policy does not allow.",
      );
      expect(JSON.stringify(v.facts)).not.toMatch(/CE_WLAN|BUU/);
    }
  });

  it("passes a WPA2 network in the current Windows 11 layout and the older one", async () => {
    for (const file of ["netsh-interfaces-wpa2-win11-live-capture.txt", "netsh-interfaces-wpa2-centrino-blog.txt"]) {
      const facts = await check.collect(
        fixtureContext(
          "windows",
          { "win.wlan-interfaces": fx(`windows/${file}`) },
          { now: at("2026-12-03T10:00:00Z"), control: "wifi-security" },
        ),
      );
      const v = check.evaluate(facts, DEFAULT_POLICY, "windows");
      expect(v).toMatchObject({
        status: "pass",
        summary: "This computer is connected to a secured Wi-Fi network (WPA2-Personal).",
      });
      expect(JSON.stringify(v.facts)).not.toMatch(/Tenda|"ABC"/);
    }
  });

  it("keeps a café network seen by the watch between cycles until the report carrying it is delivered", async () => {
    const memory = inMemoryStore();
    await check.watch?.poll(
      fixtureContext(
        "windows",
        { "win.wlan-interfaces": OPEN_EN },
        { now: at("2026-12-03T10:05:00Z"), control: "wifi-security", memory },
      ),
    );
    // By the cycle the laptop has left the café: netsh no longer answers with that network (nothing captured).
    const cycle = fixtureContext("windows", {}, { now: at("2026-12-03T10:15:00Z"), control: "wifi-security", memory });
    const v = check.evaluate(await check.collect(cycle), DEFAULT_POLICY, "windows");
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("since the last report (seen from 2026-12-03 10:05 UTC to 2026-12-03 10:05 UTC)");
    memory.set("wifi-security", check.onReported?.(memory.get("wifi-security"), at("2026-12-03T10:15:00Z")) ?? {});
    const after = check.evaluate(
      await check.collect(
        fixtureContext("windows", {}, { now: at("2026-12-03T10:30:00Z"), control: "wifi-security", memory }),
      ),
      DEFAULT_POLICY,
      "windows",
    );
    expect(after.status).toBe("unknown");
  });

  it.runIf(process.platform === "linux")(
    "is not applicable on this machine only when the kernel proves there is no Wi-Fi",
    async () => {
      const facts = await check.collect(liveLinuxContext("wifi-security"));
      const v = check.evaluate(facts, DEFAULT_POLICY, "linux");
      if (facts.wifiHardware === "absent") {
        expect(v.status).toBe("not_applicable");
        expect(v.summary).toMatch(
          /^This computer has no Wi-Fi \(none of the \d+ network interfaces is marked DEVTYPE=wlan/,
        );
      } else expect(v.status).not.toBe("not_applicable");
    },
  );
});
