// Pure verdict for the firewall: every Windows profile on (or a third-party firewall on), the macOS firewall on, a Linux firewall active.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import type { FirewallFacts } from "./facts.js";

export function evaluateFirewall(facts: FirewallFacts, _policy: Policy, os: OsPlatform): Verdict {
  const base = { facts };
  const on = facts.layers.filter((l) => l.state === "on");
  const unknown = facts.layers.filter((l) => l.state === "unknown");
  const cannotTell = (what: string): Verdict => ({
    ...base,
    status: "unknown",
    summary: `Ward could not tell whether ${what}: ${unknown.map((l) => `${l.label}: ${l.detail}`).join("; ")}.`,
    remediation: ["Ask the IT provider to check this computer's firewall; Ward could not read it."],
  });
  if (os === "windows") {
    const thirdParty = on.find((l) => l.id.startsWith("security-center:"));
    if (thirdParty)
      return {
        ...base,
        status: "pass",
        summary: `${thirdParty.label} protects this computer (registered with Windows Security Center and on).`,
        remediation: [],
      };
    const profiles = facts.layers.filter((l) => l.id.startsWith("windows-"));
    const off = profiles.filter((l) => l.state === "off");
    if (off.length > 0) {
      const names = off.map((l) => l.id.replace("windows-", "")).join(", ");
      return {
        ...base,
        status: "fail",
        summary: `Windows Firewall is off for the ${names} network profile${off.length === 1 ? "" : "s"}, and no other firewall is registered with Windows.`,
        remediation: [
          "Open Windows Security > Firewall & network protection and turn the firewall on for every network (domain, private and public).",
        ],
      };
    }
    if (profiles.length === 3 && profiles.every((l) => l.state === "on")) {
      return {
        ...base,
        status: "pass",
        summary: "Windows Firewall is on for the domain, private and public network profiles.",
        remediation: [],
      };
    }
    return cannotTell("Windows Firewall is on for every network profile");
  }
  if (os === "macos") {
    const alf = facts.layers[0];
    if (alf?.state === "on") return { ...base, status: "pass", summary: "The macOS firewall is on.", remediation: [] };
    if (alf?.state === "off") {
      return {
        ...base,
        status: "fail",
        summary: "The macOS firewall is off.",
        remediation: ["Open System Settings > Network > Firewall and turn it on."],
      };
    }
    return cannotTell("the macOS firewall is on");
  }
  if (on.length > 0)
    return {
      ...base,
      status: "pass",
      summary: `A firewall protects this computer: ${on.map((l) => l.detail).join("; ")}.`,
      remediation: [],
    };
  if (unknown.length > 0) return cannotTell("a firewall protects this computer");
  const installedOff = facts.layers.filter((l) => l.state === "off").map((l) => l.label);
  const missing = facts.layers.filter((l) => l.state === "not_installed").map((l) => l.label);
  return {
    ...base,
    status: "fail",
    summary:
      installedOff.length > 0
        ? `No firewall is active on this computer: ${installedOff.join(", ")} ${installedOff.length === 1 ? "is" : "are"} installed but not blocking incoming connections${missing.length > 0 ? `, and ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not installed` : ""}.`
        : `No firewall is installed on this computer: none of ${missing.join(", ")} is present.`,
    remediation: [
      "Ask the IT provider to install and enable a firewall (for example: sudo apt install ufw, then sudo ufw enable).",
    ],
  };
}
