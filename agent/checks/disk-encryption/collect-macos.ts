// macOS: FileVault state of the startup disk from fdesetup, falling back to the Data volume in `diskutil apfs list`.
import type { CollectContext } from "../framework/check.js";
import { type DiskEncryptionFacts, unknownFacts } from "./facts.js";
import { type ApfsVolume, parseApfsList } from "./parse-apfs-list.js";
import { parseFdesetup } from "./parse-fdesetup.js";
import { macApfsListProbe, macFdesetupProbe } from "./probes.js";

export async function collectMacos(ctx: CollectContext): Promise<DiskEncryptionFacts> {
  const problems: string[] = [];
  const fde = await ctx.probe(macFdesetupProbe.id);
  if (fde.ok) {
    const status = parseFdesetup(fde.text);
    if (status.ok) {
      const s = status.value;
      const state = s.status === "on" ? "encrypted" : s.status === "off" ? "not_encrypted" : s.status;
      // Facts keep "percentage encrypted": while decrypting, fdesetup counts what is already decrypted.
      const percentage = s.percentage === null ? null : s.status === "decrypting" ? 100 - s.percentage : s.percentage;
      const notes = [
        s.pending ? `FileVault ${s.pending}` : null,
        s.deferred ? "FileVault is set to turn on at the next logout (deferred enablement)" : null,
      ].filter((n): n is string => n !== null);
      return {
        state,
        method: "filevault",
        volume: "/",
        percentage,
        decidedBy: macFdesetupProbe.id,
        evidence: [macFdesetupProbe.id],
        detail: notes.length > 0 ? notes.join("; ") : null,
        reason: null,
      };
    }
    problems.push(`${macFdesetupProbe.id}: ${status.error}`);
    ctx.noteError({ probe: macFdesetupProbe.id, error: status.error });
  } else {
    problems.push(`${macFdesetupProbe.id}: ${fde.error}`);
  }

  const evidence = [macFdesetupProbe.id, macApfsListProbe.id];
  const giveUp = (reason: string, problem: string) =>
    unknownFacts(reason, evidence, "/", [...problems, problem].join("; "));
  const list = await ctx.probe(macApfsListProbe.id);
  if (!list.ok) return giveUp("neither fdesetup nor diskutil answered", `${macApfsListProbe.id}: ${list.error}`);
  const volumes = parseApfsList(list.text);
  if (!volumes.ok) {
    ctx.noteError({ probe: macApfsListProbe.id, error: volumes.error });
    return giveUp(
      "fdesetup gave no answer and diskutil's volume list could not be read",
      `${macApfsListProbe.id}: ${volumes.error}`,
    );
  }
  const fromList = fileVaultOfDataVolume(volumes.value);
  if ("unknown" in fromList)
    return giveUp(
      `fdesetup gave no answer and, in diskutil's list, ${fromList.unknown}`,
      `${macApfsListProbe.id}: ${fromList.unknown}`,
    );
  return {
    state: fromList.fileVault ? "encrypted" : "not_encrypted",
    method: "filevault",
    volume: "/",
    percentage: null,
    decidedBy: macApfsListProbe.id,
    evidence,
    detail: `Data volume ${fromList.device ?? "(unnamed)"}`,
    reason: `fdesetup gave no answer (${problems.join("; ")})`,
  };
}

/**
 * The user's files live on the Data-role volume (macOS 10.15 and later). More than one Data volume (two macOS
 * installs) only answers when they agree; a conversion in progress (CryptoMigrationOn) does not say which way.
 */
export function fileVaultOfDataVolume(
  volumes: readonly ApfsVolume[],
): { fileVault: boolean; device: string | null } | { unknown: string } {
  const data = volumes.filter((v) => v.roles.includes("Data"));
  if (data.length === 0)
    return {
      unknown:
        "no volume has the Data role (macOS before 10.15 lists no roles), so the startup disk is not identifiable",
    };
  if (data.some((v) => v.converting)) return { unknown: "a FileVault conversion is in progress on the Data volume" };
  const flags = new Set(data.map((v) => v.fileVault));
  if (flags.has(null)) return { unknown: "the Data volume has no FileVault flag" };
  if (flags.size > 1) return { unknown: "the Data volumes disagree about FileVault (more than one macOS installed)" };
  return { fileVault: data[0]?.fileVault === true, device: data.length === 1 ? (data[0]?.device ?? null) : null };
}
