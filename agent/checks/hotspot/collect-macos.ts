// macOS glue: runs the Internet Sharing probes so they are captured, but cannot read them yet (no verified sample).
import type { CollectContext } from "../framework/check.js";
import type { CollectedHotspot, MechanismFact } from "./facts.js";
import { probeProblem } from "./probe-problem.js";

/**
 * No real com.apple.nat.plist or `launchctl print system/com.apple.NetworkSharing` output from a Mac has been found
 * (fixtures/SOURCES.md), so nothing here is parsed: both mechanisms stay `unknown` and the check says why. The probes
 * still run so that `ward check --capture` on a clerk's Mac records the real outputs a parser can then be tested on.
 */
export async function collectMacos(ctx: CollectContext): Promise<CollectedHotspot> {
  const nat = await ctx.probe("mac.nat");
  const service = await ctx.probe("mac.sharing-service");
  const unverified = "Ward has no verified sample of this output yet, so it does not read it";
  const mechanism = (id: string, ok: boolean, problem: string): MechanismFact => ({
    id,
    state: "unknown",
    detail: ok ? unverified : problem,
  });
  return {
    mechanisms: [
      mechanism("macos-internet-sharing", nat.ok, probeProblem(nat)),
      mechanism("macos-sharing-service", service.ok, probeProblem(service)),
    ],
    wifiHardware: "unknown",
    wifiHardwareDetail: "Ward does not check for Wi-Fi hardware on macOS",
    configuredButInactive: [],
  };
}
