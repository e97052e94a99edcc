// Tests for the pure verdict: breach now, breach since the last report, no Wi-Fi, full proof, and every unknown path.
import { describe, expect, it } from "vitest";
import { type PolicyInput, Policy } from "../../../shared/schemas/policy.js";
import { evaluateHotspot } from "./evaluate.js";
import type { HotspotFacts, MechanismFact } from "./facts.js";

const policy = (input: PolicyInput = {}) => Policy.parse(input);
const m = (id: string, state: MechanismFact["state"], detail = "detail"): MechanismFact => ({ id, state, detail });
const facts = (over: Partial<HotspotFacts>): HotspotFacts => ({
  os: "windows",
  mechanisms: [],
  wifiHardware: "unknown",
  wifiHardwareDetail: "",
  configuredButInactive: [],
  sighting: null,
  ...over,
});

describe("evaluateHotspot on Windows", () => {
  const bothOff = [m("windows-mobile-hotspot", "inactive"), m("windows-hosted-network", "inactive")];

  it("fails on a Mobile Hotspot running now, naming the council's clause", () => {
    const v = evaluateHotspot(
      facts({ mechanisms: [m("windows-mobile-hotspot", "active"), m("windows-hosted-network", "unknown")] }),
      policy({ clauses: { hotspot: "Wellington IT Policy 4.2.4" } }),
      "windows",
    );
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("right now (Windows Mobile Hotspot)");
    expect(v.remediation[0]).toContain("Wellington IT Policy 4.2.4");
    expect(v.remediation.join(" ")).toContain("Settings > Network & internet > Mobile hotspot");
  });

  it("fails on a sighting since the last report even though the hotspot is off now", () => {
    const sighting = {
      firstSeen: "2026-11-22T09:00:00.000Z",
      lastSeen: "2026-11-22T09:15:00.000Z",
      mechanisms: ["windows-hosted-network"],
    };
    const v = evaluateHotspot(facts({ mechanisms: bothOff, sighting }), policy(), "windows");
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("since the last report");
    expect(v.summary).toContain("from 2026-11-22 09:00 UTC to 2026-11-22 09:15 UTC");
    expect(v.facts.sighting).toEqual(sighting);
  });

  it("passes when both mechanisms are read as off, and says a set-up hotspot is fine", () => {
    const v = evaluateHotspot(
      facts({ mechanisms: bothOff, configuredButInactive: ["hosted network allowed but not started"] }),
      policy(),
      "windows",
    );
    expect(v).toMatchObject({ status: "pass", remediation: [] });
    expect(v.summary).toContain("set up but switched off");
  });

  it("answers unknown, with the reason, when one mechanism could not be read", () => {
    const v = evaluateHotspot(
      facts({
        mechanisms: [
          m("windows-mobile-hotspot", "unknown", "powershell.exe exited with code 1"),
          m("windows-hosted-network", "inactive"),
        ],
      }),
      policy(),
      "windows",
    );
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("powershell.exe exited with code 1");
    expect(v.remediation.length).toBeGreaterThan(0);
  });

  it("answers unknown when a mechanism is missing from the facts", () => {
    expect(
      evaluateHotspot(facts({ mechanisms: [m("windows-mobile-hotspot", "inactive")] }), policy(), "windows").status,
    ).toBe("unknown");
  });

  it("passes whatever it saw when the policy allows hotspots", () => {
    const v = evaluateHotspot(
      facts({ mechanisms: [m("windows-mobile-hotspot", "active")] }),
      policy({ allowHotspot: true }),
      "windows",
    );
    expect(v).toMatchObject({ status: "pass", remediation: [] });
    expect(v.summary).toContain("allows");
  });
});

describe("evaluateHotspot on Linux", () => {
  const lin = (
    nm: MechanismFact["state"],
    iw: MechanismFact["state"],
    wifiHardware: HotspotFacts["wifiHardware"] = "unknown",
  ) =>
    evaluateHotspot(
      facts({ os: "linux", mechanisms: [m("networkmanager", nm), m("iw", iw)], wifiHardware }),
      policy(),
      "linux",
    );

  it.each([
    ["NetworkManager and iw both read", "inactive", "inactive"],
    ["NetworkManager read, iw not installed", "inactive", "tool_missing"],
    ["no NetworkManager, iw read", "not_present", "inactive"],
    ["NetworkManager not running, no nl80211", "not_present", "not_present"],
  ] as const)("passes: %s", (_label, nm, iw) => {
    expect(lin(nm, iw).status).toBe("pass");
  });

  it.each([
    ["neither NetworkManager nor iw installed", "not_present", "tool_missing"],
    ["iw failed", "inactive", "unknown"],
    ["nmcli failed", "unknown", "inactive"],
    ["NetworkManager absent, iw failed", "not_present", "unknown"],
  ] as const)("answers unknown: %s", (_label, nm, iw) => {
    expect(lin(nm, iw).status).toBe("unknown");
  });

  it("says plainly that it cannot see Wi-Fi without NetworkManager or iw", () => {
    expect(lin("not_present", "tool_missing").summary).toContain("neither NetworkManager nor iw is installed");
  });

  it("answers not_applicable with proof of no Wi-Fi, even without NetworkManager or iw", () => {
    const v = lin("not_present", "tool_missing", "absent");
    expect(v).toMatchObject({ status: "not_applicable", remediation: [] });
  });

  it("fails on an iw access point even when NetworkManager shows nothing", () => {
    expect(lin("inactive", "active", "present").status).toBe("fail");
  });
});

describe("evaluateHotspot on macOS", () => {
  it("answers unknown while no Mac output has been verified", () => {
    const v = evaluateHotspot(
      facts({
        os: "macos",
        mechanisms: [
          m("macos-internet-sharing", "unknown", "no verified sample"),
          m("macos-sharing-service", "unknown"),
        ],
      }),
      policy(),
      "macos",
    );
    expect(v.status).toBe("unknown");
    expect(v.remediation.join(" ")).toContain("System Settings > General > Sharing");
  });
});
