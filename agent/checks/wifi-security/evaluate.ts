// Pure verdict for unsecured Wi-Fi: open or WEP now or since the last report fails; WPA2/WPA3 passes; no Wi-Fi (proven) is not applicable.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import type { WifiFacts } from "./facts.js";

const NAME: Record<string, string> = {
  open: "an open (unencrypted) network",
  wep: "a WEP network (broken encryption)",
};
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const STEPS = [
  "Disconnect from the unsecured Wi-Fi network and forget it (Settings > Network & internet > Wi-Fi > Manage known networks).",
  "Use a password-protected (WPA2 or WPA3) network, or the phone's own secured hotspot, instead.",
];

export function evaluateWifi(facts: WifiFacts, _policy: Policy, _os: OsPlatform): Verdict {
  const base = { facts };
  const now = facts.connections.find((c) => c.connected === true && (c.security === "open" || c.security === "wep"));
  if (now?.security) {
    return {
      ...base,
      status: "fail",
      summary: `This computer is connected to ${NAME[now.security]} right now, which the council's policy does not allow.`,
      remediation: STEPS,
    };
  }
  if (facts.sighting) {
    const s = facts.sighting;
    return {
      ...base,
      status: "fail",
      summary: `This computer was connected to ${s.mechanisms.map((m) => NAME[m] ?? m).join(" and ")} since the last report (seen from ${when(s.firstSeen)} to ${when(s.lastSeen)}), which the council's policy does not allow.`,
      remediation: STEPS,
    };
  }
  if (facts.wifiHardware === "absent") {
    return {
      ...base,
      status: "not_applicable",
      summary: `This computer has no Wi-Fi (${facts.detail}).`,
      remediation: [],
    };
  }
  const connected = facts.connections.filter((c) => c.connected === true);
  const unclear = facts.connections.filter(
    (c) => c.connected === null || (c.connected && (c.security === null || c.security === "unknown")),
  );
  if (unclear.length === 0 && connected.length > 0) {
    const types = [...new Set(connected.map((c) => c.authentication ?? c.security))].join(", ");
    return {
      ...base,
      status: "pass",
      summary: `This computer is connected to a secured Wi-Fi network (${types}).`,
      remediation: [],
    };
  }
  if (unclear.length === 0 && facts.connections.length > 0) {
    return {
      ...base,
      status: "not_applicable",
      summary: "This computer's Wi-Fi is not connected to any network.",
      remediation: [],
    };
  }
  const label = unclear.find((c) => c.authentication)?.authentication;
  return {
    ...base,
    status: "unknown",
    summary: `Ward could not tell how the Wi-Fi network this computer uses is secured: ${label ? `the computer names its security "${label}", which Ward does not know` : facts.detail}.`,
    remediation: ["Ask the IT provider to check which Wi-Fi networks this computer joins."],
  };
}
