// Plain-English steps to switch a hotspot off, per OS, naming the council's policy clause when the policy gives one.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { Policy } from "../../../shared/schemas/policy.js";

const STEPS: Record<OsPlatform, string[]> = {
  windows: [
    "Open Settings > Network & internet > Mobile hotspot and switch Mobile hotspot Off.",
    "If you (or a program) started a hosted network from the command line, your IT provider can stop it with: netsh wlan stop hostednetwork",
  ],
  macos: ["Open System Settings > General > Sharing and switch Internet Sharing off."],
  linux: [
    "Open Settings > Wi-Fi, and turn off the hotspot (on most desktops: the menu at the top right, then 'Turn Off Hotspot').",
  ],
};

function policyLine(policy: Policy): string {
  const clause = policy.clauses.hotspot;
  return clause
    ? `Your council's IT policy (${clause}) does not allow this laptop to share its connection as a Wi-Fi hotspot.`
    : "Your council's IT policy does not allow this laptop to share its connection as a Wi-Fi hotspot.";
}

/** Steps for a hotspot that is (or was) running against the policy. */
export function hotspotOffSteps(os: OsPlatform, policy: Policy): string[] {
  return [policyLine(policy), ...STEPS[os], "Use the council's own Wi-Fi or a wired connection instead."];
}

/** Steps when Ward could not tell: what the clerk can check, and what the IT provider can look at. */
export function cannotTellSteps(os: OsPlatform): string[] {
  return [
    `If you know a hotspot is on, switch it off: ${STEPS[os][0]}`,
    "Ask your IT provider to look at this report: it lists what Ward could not read on this computer.",
  ];
}
