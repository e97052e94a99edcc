// Pure verdict for the hotspot control: fail on a hotspot seen now or since the last report, pass only with every mechanism read.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import type { HotspotFacts, MechanismFact } from "./facts.js";
import { cannotTellSteps, hotspotOffSteps } from "./remediation.js";

const LABEL: Record<string, string> = {
  "windows-mobile-hotspot": "Windows Mobile Hotspot",
  "windows-hosted-network": "the Windows hosted network",
  networkmanager: "a NetworkManager hotspot",
  iw: "a Wi-Fi access point",
  "macos-internet-sharing": "macOS Internet Sharing",
  "macos-sharing-service": "the macOS Internet Sharing service",
};
const label = (id: string) => LABEL[id] ?? id;
/** "2026-11-22 09:00 UTC": a clerk reads this; the facts keep the exact ISO times. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const known = (m: MechanismFact | undefined) =>
  m !== undefined && (m.state === "inactive" || m.state === "not_present");

export function evaluateHotspot(facts: HotspotFacts, policy: Policy, os: OsPlatform): Verdict {
  const base = { facts };
  const active = facts.mechanisms.filter((m) => m.state === "active");
  if (policy.allowHotspot) {
    return {
      ...base,
      status: "pass",
      summary:
        active.length > 0 || facts.sighting
          ? "This computer shares its connection as a Wi-Fi hotspot, which the council's policy allows."
          : "The council's policy allows Wi-Fi hotspots, so there is nothing to fix here.",
      remediation: [],
    };
  }
  if (active.length > 0) {
    return {
      ...base,
      status: "fail",
      summary: `This computer is sharing its internet connection as a Wi-Fi hotspot right now (${active.map((m) => label(m.id)).join(", ")}), which the council's policy does not allow.`,
      remediation: hotspotOffSteps(os, policy),
    };
  }
  if (facts.sighting) {
    const s = facts.sighting;
    return {
      ...base,
      status: "fail",
      summary: `This computer shared its internet connection as a Wi-Fi hotspot since the last report (seen from ${when(s.firstSeen)} to ${when(s.lastSeen)}, ${s.mechanisms.map(label).join(", ")}); it is off now, but the council's policy does not allow it.`,
      remediation: hotspotOffSteps(os, policy),
    };
  }
  if (facts.wifiHardware === "absent") {
    return {
      ...base,
      status: "not_applicable",
      summary: "This computer has no Wi-Fi, so it cannot run a Wi-Fi hotspot.",
      remediation: [],
    };
  }
  const missing = unreadMechanisms(facts, os);
  if (missing.length === 0) {
    const note = facts.configuredButInactive.length > 0 ? " A hotspot is set up but switched off, which is fine." : "";
    return {
      ...base,
      status: "pass",
      summary: `This computer is not sharing its internet connection as a Wi-Fi hotspot.${note}`,
      remediation: [],
    };
  }
  return {
    ...base,
    status: "unknown",
    summary: `Ward could not tell whether this computer is sharing its connection as a Wi-Fi hotspot: ${missing.join("; ")}.`,
    remediation: cannotTellSteps(os),
  };
}

/** Why a pass is not proven, one reason per mechanism Ward needed but could not read. Empty means all were read. */
function unreadMechanisms(facts: HotspotFacts, os: OsPlatform): string[] {
  const byId = new Map(facts.mechanisms.map((m) => [m.id, m]));
  const reason = (id: string) => {
    const m = byId.get(id);
    return `${label(id)}: ${m ? m.detail : "not checked"}`;
  };
  const need = (ids: string[]) => ids.filter((id) => !known(byId.get(id))).map(reason);
  if (os === "windows") return need(["windows-mobile-hotspot", "windows-hosted-network"]);
  if (os === "macos") return need(["macos-internet-sharing", "macos-sharing-service"]);
  // Linux: NetworkManager and iw both when both exist; NetworkManager alone when iw is not installed;
  // without NetworkManager, iw alone must answer.
  const nm = byId.get("networkmanager");
  const iw = byId.get("iw");
  if (nm?.state === "inactive" && iw?.state === "tool_missing") return [];
  const out = need(["networkmanager", "iw"]);
  if (nm?.state === "not_present" && iw?.state === "tool_missing") {
    return ["neither NetworkManager nor iw is installed, so Ward cannot see Wi-Fi on this computer"];
  }
  return out;
}
