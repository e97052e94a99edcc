// Windows: BitLocker state of the system volume from CIM, falling back to manage-bde, then Get-BitLockerVolume.
import type { CollectContext } from "../framework/check.js";
import type { Parsed } from "../framework/parsed.js";
import { type BitLockerVolume, bitLockerState, systemVolume } from "./bitlocker-state.js";
import { type DiskEncryptionFacts, unknownFacts } from "./facts.js";
import { parseBitLockerCim } from "./parse-bitlocker-cim.js";
import { parseGetBitLockerVolume } from "./parse-get-bitlockervolume.js";
import { parseManageBde } from "./parse-manage-bde.js";
import { winBitLockerCimProbe, winGetBitLockerVolumeProbe, winManageBdeProbe } from "./probes.js";

/*
 * One answer is enough, a breach included: the first probe that names the system volume's state decides. The
 * fallbacks run only when the probe before them is missing, failed, or printed something Ward cannot read (manage-bde
 * in another language). Windows Home "device encryption" is BitLocker underneath and reads the same in all three.
 */
const ORDER: readonly { id: string; parse: (text: string) => Parsed<BitLockerVolume[]> }[] = [
  { id: winBitLockerCimProbe.id, parse: parseBitLockerCim },
  { id: winManageBdeProbe.id, parse: parseManageBde },
  { id: winGetBitLockerVolumeProbe.id, parse: parseGetBitLockerVolume },
];

export async function collectWindows(ctx: CollectContext): Promise<DiskEncryptionFacts> {
  const problems: string[] = [];
  const tried: string[] = [];
  /** The first thing a tool printed that Ward could not use: more telling to a clerk than "did not answer". */
  let unreadable: string | null = null;
  for (const step of ORDER) {
    tried.push(step.id);
    const outcome = await ctx.probe(step.id);
    if (!outcome.ok) {
      problems.push(`${step.id}: ${outcome.error}`);
      continue;
    }
    const volumes = step.parse(outcome.text);
    if (!volumes.ok) {
      unreadable ??= volumes.error;
      problems.push(`${step.id}: ${volumes.error}`);
      ctx.noteError({ probe: step.id, error: volumes.error });
      continue;
    }
    const picked = systemVolume(volumes.value);
    if ("error" in picked) {
      problems.push(`${step.id}: ${picked.error}`);
      ctx.noteError({ probe: step.id, error: picked.error });
      continue;
    }
    const v = picked.volume;
    const state = bitLockerState(v);
    if (state === "unknown") {
      problems.push(`${step.id}: the system volume's BitLocker status was not one Ward recognises`);
      continue;
    }
    return {
      state,
      method: "bitlocker",
      volume: v.mount,
      percentage: v.percentage,
      decidedBy: step.id,
      evidence: [step.id],
      detail: v.rebootsLeft !== null ? `protection suspended for ${v.rebootsLeft} more restart(s)` : null,
      reason: problems.length > 0 ? `earlier probes gave no answer: ${problems.join("; ")}` : null,
    };
  }
  const reason = unreadable ?? "none of Windows' BitLocker tools answered (they need administrator rights)";
  return unknownFacts(reason, tried, null, problems.join("; "));
}
