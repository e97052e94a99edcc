// Windows: win.os (or systeminfo) for edition and feature release; the Windows Update searcher for pending updates.
import type { CollectContext } from "../framework/check.js";
import { type OsPatchFacts, type PendingFacts, unknownPending } from "./facts.js";
import { parseHotfix } from "./parse-hotfix.js";
import { parseSysteminfo, parseWinOs, type WindowsOs } from "./parse-win-os.js";
import { parseWuPending } from "./parse-wu-pending.js";
import { type PendingItem, summarisePending, trackFirstSeen } from "./pending.js";
import { windowsEditionClass, windowsProducts, windowsRelease } from "./windows-release.js";

export async function collectWindows(ctx: CollectContext): Promise<OsPatchFacts> {
  const answered: string[] = [];
  const errors: string[] = [];
  let os: WindowsOs | null = null;
  const primary = await ctx.probe("win.os");
  if (primary.ok) {
    const r = parseWinOs(primary.text);
    if (r.ok) {
      os = r.value;
      answered.push("win.os");
    } else errors.push(r.error);
  }
  if (!os) {
    const fallback = await ctx.probe("win.systeminfo");
    if (fallback.ok) {
      const r = parseSysteminfo(fallback.text);
      if (r.ok) {
        os = r.value;
        answered.push("win.systeminfo");
      } else errors.push(r.error);
    }
  }

  const rel = os ? windowsRelease(os.build) : null;
  const edition = os ? windowsEditionClass({ editionId: os.editionId, sku: os.sku, caption: os.caption }) : "unknown";
  let note: string | null = null;
  if (os && edition === "server")
    note = "Ward's end-of-support table covers Windows for desktops and laptops, not Windows Server.";
  else if (os && !rel) note = `Ward does not know Windows build ${os.build}.`;
  else if (rel && os?.displayVersion && os.displayVersion !== rel.release) {
    note = `The registry says ${os.displayVersion} but build ${os.build} is ${rel.release}; Ward goes by the build.`;
  }

  const hot = await ctx.probe("win.hotfix");
  const hotfix = hot.ok ? parseHotfix(hot.text) : null;
  if (hotfix?.ok) answered.push("win.hotfix");

  return {
    // Day precision on purpose: a timestamp here would change every cycle and defeat heartbeats.
    checkedAt: ctx.now.toISOString().slice(0, 10),
    os: {
      platform: "windows",
      name: os?.caption ?? (rel ? `Windows ${rel.generation}` : null),
      version: rel?.release ?? os?.displayVersion ?? null,
      build: os ? (os.ubr !== null ? `${os.build}.${os.ubr}` : String(os.build)) : null,
      edition: os ? edition : null,
    },
    eosKey: rel
      ? { products: windowsProducts(rel.generation, edition), release: rel.release, note }
      : { products: [], release: null, note: note ?? errors[0] ?? null },
    pending: await windowsPending(ctx, answered),
    lastPatchInstalledOn: hotfix?.ok ? hotfix.value.lastInstalledOn : null,
    probesAnswered: answered,
  };
}

async function windowsPending(ctx: CollectContext, answered: string[]): Promise<PendingFacts> {
  const out = await ctx.probe("win.wu-pending");
  if (!out.ok) return unknownPending(`the Windows Update search did not answer (${out.reason}: ${out.error})`);
  const list = parseWuPending(out.text);
  if (!list.ok) return unknownPending(list.error);
  answered.push("win.wu-pending");
  const items: PendingItem[] = list.value.map((u) => ({
    key: `win:${windowsStream(u.title)}`,
    title: u.kb.length > 0 && !u.title.includes(u.kb[0]!) ? `${u.title} (${u.kb.join(", ")})` : u.title,
    security: u.security,
    releaseDate: u.releaseDate,
  }));
  const firstSeen = trackFirstSeen(
    ctx.memory,
    items.map((i) => i.key),
    ctx.now,
  );
  return summarisePending(items, firstSeen, ctx.now, { ageDays: null, note: null });
}

/**
 * "2024-06 Cumulative Update for Windows 11 Version 23H2 for x64-based Systems (KB5039212)" → "Cumulative Update for
 * Windows 11 Version 23H2 for x64-based Systems": each month's update replaces the last, so the stream is the key.
 */
export function windowsStream(title: string): string {
  return title
    .replace(/^\d{4}-\d{2}\s+/, "")
    .replace(/\s*\(KB\d+\)/g, "")
    .replace(/\s*-\s*KB\d+/g, "")
    .replace(/\s*\(Version [^)]*\)/g, "")
    .replace(/\s+-\s+v\d+(\.\d+)*$/, "")
    .trim();
}
