// Linux: is the root filesystem on a dm-crypt (LUKS) layer? lsblk's device chain, confirmed by cryptsetup when root.
import type { CollectContext } from "../framework/check.js";
import { type LsblkDevice, parseLsblk } from "../common/lsblk/parse-lsblk.js";
import { lsblkProbe } from "../common/lsblk/probe.js";
import { type DiskEncryptionFacts, unknownFacts } from "./facts.js";
import { type CryptsetupStatus, parseCryptsetupStatus } from "./parse-cryptsetup.js";
import { isSafeMappingName, linuxCryptsetupProbe } from "./probes.js";

/*
 * lsblk nests each device under the ones it is built on, so the device mounted at "/" carries its chain: an LVM
 * volume, the crypt mapping under it, the partition, the disk. A device built on several others (LVM or RAID over two
 * disks) appears once under each: every one of those chains must pass through a crypt layer, or part of the root
 * filesystem is stored in clear (Fleet #47256). lsblk also calls dm-verity and dm-integrity devices "crypt", and they
 * do not encrypt: cryptsetup's "type:" tells them apart. Without root cryptsetup cannot answer, and a crypt layer over
 * a crypto_LUKS partition (or one whose fstype lsblk could not read) is then taken from lsblk alone, as the facts say.
 */

interface CryptLayer {
  /** The mapping name cryptsetup takes ("nvme0n1p3_crypt"), from lsblk's "/dev/mapper/nvme0n1p3_crypt". */
  mapping: string;
  /** fstype of the device under it: "crypto_LUKS" for LUKS, null when lsblk could not read it. */
  underFstype: string | null;
}

export async function collectLinux(ctx: CollectContext): Promise<DiskEncryptionFacts> {
  const out = await ctx.probe(lsblkProbe.id);
  const lsblkOnly = [lsblkProbe.id];
  if (!out.ok)
    return unknownFacts(
      "lsblk, which lists the disks, did not answer",
      lsblkOnly,
      "/",
      `${lsblkProbe.id}: ${out.error}`,
    );
  const devices = parseLsblk(out.text);
  if (!devices.ok) {
    ctx.noteError({ probe: lsblkProbe.id, error: devices.error });
    return unknownFacts(
      "lsblk's list of disks could not be read",
      lsblkOnly,
      "/",
      `${lsblkProbe.id}: ${devices.error}`,
    );
  }
  const roots = devices.value.filter((d) => d.mountpoint === "/");
  if (roots.length === 0) {
    const why = "lsblk shows no disk mounted at / (a container, or root on a network or btrfs subvolume mount)";
    return unknownFacts(why, lsblkOnly, "/");
  }

  const chains = roots.map((root) => cryptLayers(root, devices.value));
  if (chains.every((layers) => layers.length === 0)) {
    return facts("not_encrypted", null, [lsblkProbe.id], lsblkProbe.id, null, null);
  }
  if (chains.some((layers) => layers.length === 0)) {
    const detail = "part of the root filesystem is on a device with no encryption layer";
    return facts("not_encrypted", null, [lsblkProbe.id], lsblkProbe.id, detail, null);
  }

  const mappings = [...new Set(chains.flat().map((l) => l.mapping))];
  const wanted = await ctx.qualifiers(linuxCryptsetupProbe.id, async () => mappings.filter(isSafeMappingName));
  const statuses = new Map<string, CryptsetupStatus>();
  const problems: string[] = [];
  for (const mapping of wanted.filter((m) => mappings.includes(m))) {
    const res = await ctx.probe(linuxCryptsetupProbe.id, mapping);
    if (!res.ok) {
      problems.push(`${linuxCryptsetupProbe.id}@${mapping}: ${res.error}`);
      continue;
    }
    const st = parseCryptsetupStatus(res.text);
    if (st.ok) statuses.set(mapping, st.value);
    else {
      problems.push(`${linuxCryptsetupProbe.id}@${mapping}: ${st.error}`);
      ctx.noteError({ probe: `${linuxCryptsetupProbe.id}@${mapping}`, error: st.error });
    }
  }

  // Each chain needs one layer that encrypts: proven by cryptsetup, or (cryptsetup silent) by lsblk alone.
  let usedCryptsetup = false;
  const types = new Set<string>();
  for (const layers of chains) {
    const verdicts = layers.map((layer) => layerVerdict(layer, statuses.get(layer.mapping)));
    const proof = verdicts.find((v) => v.encrypts === true);
    if (proof) {
      types.add(proof.type);
      usedCryptsetup ||= proof.byCryptsetup;
      continue;
    }
    if (verdicts.some((v) => v.encrypts === null)) {
      const why = "a crypt layer under / could not be confirmed as encryption";
      return unknownFacts(why, evidenceOf(statuses.size > 0), "/", problems.length > 0 ? problems.join("; ") : null);
    }
    const detail = "the crypt layers under / are dm-verity or dm-integrity, which do not encrypt";
    return facts("not_encrypted", null, evidenceOf(true), linuxCryptsetupProbe.id, detail, null);
  }
  const luks = [...types].every((t) => t.startsWith("LUKS"));
  const reason = usedCryptsetup
    ? null
    : `proved by lsblk alone: cryptsetup gave no answer${problems.length > 0 ? ` (${problems.join("; ")})` : ""}`;
  const decidedBy = usedCryptsetup ? linuxCryptsetupProbe.id : lsblkProbe.id;
  return facts(
    "encrypted",
    luks ? "luks" : "dm-crypt",
    evidenceOf(usedCryptsetup),
    decidedBy,
    [...types].sort().join(", "),
    reason,
  );
}

/** One crypt layer: encrypts (true), does not (false: verity, integrity), or cannot tell (null). */
function layerVerdict(
  layer: CryptLayer,
  st: CryptsetupStatus | undefined,
): { encrypts: boolean | null; type: string; byCryptsetup: boolean } {
  if (st) {
    if (st.encrypts === false) return { encrypts: false, type: st.type ?? "", byCryptsetup: true };
    if (st.active && st.encrypts === true) return { encrypts: true, type: st.type ?? "dm-crypt", byCryptsetup: true };
    return { encrypts: null, type: st.type ?? "", byCryptsetup: true };
  }
  if (layer.underFstype === "crypto_LUKS") return { encrypts: true, type: "LUKS", byCryptsetup: false };
  if (layer.underFstype === null) return { encrypts: true, type: "dm-crypt", byCryptsetup: false };
  return { encrypts: null, type: "", byCryptsetup: false };
}

/** The crypt layers in a device's own chain (itself, then its ancestors), each with the fstype of what lies below. */
function cryptLayers(root: LsblkDevice, all: readonly LsblkDevice[]): CryptLayer[] {
  const chain = [{ name: root.name, type: root.type }, ...root.ancestors];
  const layers: CryptLayer[] = [];
  chain.forEach((dev, i) => {
    if (dev.type !== "crypt") return;
    const below = chain[i + 1];
    const belowDevice = below ? all.find((d) => d.name === below.name) : undefined;
    layers.push({ mapping: dev.name.replace(/^\/dev\/mapper\//, ""), underFstype: belowDevice?.fstype ?? null });
  });
  return layers;
}

function evidenceOf(withCryptsetup: boolean): string[] {
  return withCryptsetup ? [lsblkProbe.id, linuxCryptsetupProbe.id] : [lsblkProbe.id];
}

function facts(
  state: DiskEncryptionFacts["state"],
  method: DiskEncryptionFacts["method"],
  evidence: string[],
  decidedBy: string,
  detail: string | null,
  reason: string | null,
): DiskEncryptionFacts {
  return { state, method, volume: "/", percentage: null, decidedBy, evidence, detail, reason };
}
