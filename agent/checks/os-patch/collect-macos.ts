// macOS: sw_vers for the release; softwareupdate --list (at most daily, cached in check memory) for pending updates.
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { CollectContext } from "../framework/check.js";
import { type OsPatchFacts, type PendingFacts, unknownPending } from "./facts.js";
import { classifyMacUpdate, parseSoftwareupdateList } from "./parse-softwareupdate.js";
import { macosRelease, parseSwVers } from "./parse-sw-vers.js";
import { daysBetween, type PendingItem, summarisePending, trackFirstSeen } from "./pending.js";

/** softwareupdate contacts Apple and can take minutes: its answer is reused for a day. */
export const SOFTWAREUPDATE_CACHE_MS = 24 * 60 * 60 * 1000;

export async function collectMacos(ctx: CollectContext): Promise<OsPatchFacts> {
  const answered: string[] = [];
  const sw = await ctx.probe("mac.sw-vers");
  const vers = sw.ok ? parseSwVers(sw.text) : null;
  if (sw.ok) answered.push("mac.sw-vers");
  const v = vers?.ok ? vers.value : null;
  const release = v ? macosRelease(v.version) : null;

  let pending: PendingFacts;
  if (!v || !release) pending = unknownPending(vers && !vers.ok ? vers.error : "Ward could not read the macOS version");
  else pending = await macPending(ctx, release, answered);

  return {
    // Day precision on purpose: a timestamp here would change every cycle and defeat heartbeats.
    checkedAt: ctx.now.toISOString().slice(0, 10),
    os: {
      platform: "macos",
      name: v ? "macOS" : null,
      version: v ? (v.extra ? `${v.version} ${v.extra}` : v.version) : null,
      build: v?.build ?? null,
      edition: null,
    },
    eosKey: { products: release ? ["macos"] : [], release, note: null },
    pending,
    lastPatchInstalledOn: null,
    probesAnswered: answered,
  };
}

interface Cached {
  at: string;
  stdout: string;
  stderr: string;
}

async function macPending(ctx: CollectContext, currentMajor: string, answered: string[]): Promise<PendingFacts> {
  const cached = readCache(ctx.memory.get());
  let answer: Cached | null =
    cached && ctx.now.getTime() - Date.parse(cached.at) < SOFTWAREUPDATE_CACHE_MS ? cached : null;
  if (answer) answered.push("mac.softwareupdate (cached)");
  else {
    const out = await ctx.probe("mac.softwareupdate");
    if (out.ok && parseSoftwareupdateList(out.text, out.stderr).ok) {
      answer = { at: ctx.now.toISOString(), stdout: out.text, stderr: out.stderr };
      ctx.memory.set({ ...ctx.memory.get(), softwareupdate: { ...answer } });
      answered.push("mac.softwareupdate");
    } else if (cached) {
      // Offline today: yesterday's answer, flagged with its age (evaluate answers unknown once it passes the limit).
      answer = cached;
      answered.push("mac.softwareupdate (cached, refresh failed)");
    } else {
      const why = out.ok ? parseErr(out.text, out.stderr) : `${out.reason}: ${out.error}`;
      return unknownPending(`softwareupdate did not answer (${why})`);
    }
  }
  const list = parseSoftwareupdateList(answer.stdout, answer.stderr);
  if (!list.ok) return unknownPending(list.error);

  const items: PendingItem[] = [];
  let upgrades = 0;
  for (const u of list.value) {
    const kind = classifyMacUpdate(u, currentMajor);
    if (kind === "major-upgrade") {
      upgrades++;
      continue;
    }
    items.push({
      // "macOS Ventura 13.6" and later "macOS Ventura 13.6.1" are one stream: the version is left out of the key.
      key: `mac:${u.title.replace(/\s*\d+(\.\d+)*(\s*\([a-z]\))?/g, "").trim()}:${kind}`,
      title: u.version ? `${u.title} ${u.version}` : u.title,
      security: kind === "os-update" || kind === "security",
      releaseDate: null,
    });
  }
  const firstSeen = trackFirstSeen(
    ctx.memory,
    items.map((i) => i.key),
    ctx.now,
  );
  const ageDays = daysBetween(answer.at, ctx.now);
  const note =
    `softwareupdate answered ${ageDays === 0 ? "today" : `${ageDays} day(s) ago`}` +
    (upgrades > 0 ? `; ${upgrades} newer macOS upgrade(s) offered (not counted as pending fixes).` : ".");
  return summarisePending(items, firstSeen, ctx.now, { ageDays: ageDays === 0 ? null : ageDays, note });
}

function readCache(mem: JsonObject): Cached | null {
  const c = mem["softwareupdate"];
  if (typeof c !== "object" || c === null || Array.isArray(c)) return null;
  const { at, stdout, stderr } = c;
  if (
    typeof at !== "string" ||
    Number.isNaN(Date.parse(at)) ||
    typeof stdout !== "string" ||
    typeof stderr !== "string"
  ) {
    return null;
  }
  return { at, stdout, stderr };
}

function parseErr(stdout: string, stderr: string): string {
  const r = parseSoftwareupdateList(stdout, stderr);
  return r.ok ? "answered" : r.error;
}
