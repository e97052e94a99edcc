// Linux: os-release for the release, then apt (Debian, Ubuntu) or dnf (Fedora, RHEL, Rocky, Alma) for pending updates.
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { CollectContext } from "../framework/check.js";
import type { ProbeOutcome } from "../framework/probe.js";
import { type OsPatchFacts, type PendingFacts, unknownPending } from "./facts.js";
import { parseAptCheck, parseAptUpgradable } from "./parse-apt.js";
import { parseAptLists } from "./parse-apt-lists.js";
import { parseDnfCheckUpdate, parseDnfUpdateinfo } from "./parse-dnf.js";
import { linuxEosKey, type OsRelease, parseOsRelease } from "./parse-os-release.js";
import { daysBetween, type PendingItem, summarisePending, trackFirstSeen } from "./pending.js";

export async function collectLinux(ctx: CollectContext): Promise<OsPatchFacts> {
  const answered: string[] = [];
  const rel = await ctx.probe("linux.os-release");
  const osr = rel.ok ? parseOsRelease(rel.text) : null;
  if (rel.ok) answered.push("linux.os-release");
  const info: OsRelease | null = osr?.ok ? osr.value : null;
  const key = info ? linuxEosKey(info) : null;
  const family = info ? packageFamily(info) : null;

  let pending: PendingFacts;
  if (!info) pending = unknownPending(osr && !osr.ok ? osr.error : "Ward could not read /etc/os-release");
  else if (family === "apt") pending = await aptPending(ctx, info, answered);
  else if (family === "dnf") pending = await dnfPending(ctx, answered);
  else pending = unknownPending(`Ward does not read the package manager of ${info.prettyName} yet`);

  return {
    // Day precision on purpose: a timestamp here would change every cycle and defeat heartbeats.
    checkedAt: ctx.now.toISOString().slice(0, 10),
    os: {
      platform: "linux",
      name: info?.prettyName ?? null,
      version: info?.versionId ?? null,
      build: null,
      edition: null,
    },
    eosKey: key
      ? { products: [key.product], release: key.release, note: null }
      : { products: [], release: null, note: info ? `Ward has no end-of-support dates for ${info.prettyName}.` : null },
    pending,
    lastPatchInstalledOn: null,
    probesAnswered: answered,
  };
}

/**
 * `apt list --upgradable` costs about half a second of CPU (it loads every package list) and its answer only changes
 * when apt fetches new lists or packages are installed. Its text is reused for APT_CACHE_MS while the newest list
 * file (linux.apt-lists, a cheap `find`) has not moved; an install done in between shows after at most that long.
 */
export const APT_CACHE_MS = 4 * 60 * 60 * 1000;

function readAptCache(mem: JsonObject, now: Date, listsNewestMs: number | null): string | null {
  const c = mem["aptUpgradable"];
  if (listsNewestMs === null || typeof c !== "object" || c === null || Array.isArray(c)) return null;
  const { at, listsNewestMs: seen, text } = c;
  if (typeof at !== "string" || typeof seen !== "number" || typeof text !== "string") return null;
  const age = now.getTime() - Date.parse(at);
  // A clock set back (negative age) or lists fetched since: ask apt again.
  return age >= 0 && age < APT_CACHE_MS && seen === listsNewestMs ? text : null;
}

function packageFamily(o: OsRelease): "apt" | "dnf" | null {
  const ids = [o.id, ...o.idLike];
  if (ids.some((i) => i === "debian" || i === "ubuntu")) return "apt";
  if (ids.some((i) => i === "fedora" || i === "rhel" || i === "centos")) return "dnf";
  return null;
}

async function aptPending(ctx: CollectContext, info: OsRelease, answered: string[]): Promise<PendingFacts> {
  const lists = await ctx.probe("linux.apt-lists");
  const listInfo = lists.ok ? parseAptLists(lists.text) : null;
  if (lists.ok) answered.push("linux.apt-lists");
  const listsNewestMs = listInfo?.ok ? listInfo.value.newestMs : null;
  let upText: string;
  const cached = readAptCache(ctx.memory.get(), ctx.now, listsNewestMs);
  if (cached !== null) {
    upText = cached;
    answered.push("linux.apt-upgradable (cached)");
  } else {
    const up = await ctx.probe("linux.apt-upgradable");
    if (!up.ok) return unknownPending(failure("apt list --upgradable", up));
    answered.push("linux.apt-upgradable");
    upText = up.text;
    if (parseAptUpgradable(upText).ok && listsNewestMs !== null) {
      ctx.memory.set({
        ...ctx.memory.get(),
        aptUpgradable: { at: ctx.now.toISOString(), listsNewestMs, text: upText },
      });
    }
  }
  const parsedUp = parseAptUpgradable(upText);
  if (!parsedUp.ok) return unknownPending(parsedUp.error);

  const items: PendingItem[] = parsedUp.value.map((u) => ({
    key: `apt:${u.name}:${u.security ? "security" : "other"}`,
    title: `${u.name} ${u.oldVersion} → ${u.newVersion}`,
    security: u.security,
    releaseDate: null,
  }));

  // Ubuntu's apt-check also counts security fixes Ubuntu copied to -updates. Any it counts beyond the -security lines
  // are aged as one undated item (first seen when apt-check first reported them); the counts are apt-check's own.
  let checked: { updates: number; security: number } | null = null;
  if (info.id === "ubuntu") {
    const chk = await ctx.probe("linux.apt-check");
    const counts = chk.ok ? parseAptCheck(chk.text) : null;
    if (counts?.ok) {
      answered.push("linux.apt-check");
      checked = counts.value;
      const listed = items.filter((i) => i.security).length;
      if (counts.value.security > listed) {
        items.push({
          key: "apt-check:security",
          title: `${counts.value.security - listed} more security update(s) counted by apt-check`,
          security: true,
          releaseDate: null,
        });
      }
    } else if (counts && !counts.ok) {
      ctx.noteError({ probe: "linux.apt-check", error: counts.error });
    }
  }
  const listedCount = parsedUp.value.length;
  const listedSecurity = parsedUp.value.filter((u) => u.security).length;
  const counts = {
    count: Math.max(listedCount, checked?.updates ?? 0),
    securityCount: Math.max(listedSecurity, checked?.security ?? 0),
  };

  const firstSeen = trackFirstSeen(
    ctx.memory,
    items.map((i) => i.key),
    ctx.now,
  );
  if (!listInfo?.ok) {
    const why = listInfo && !listInfo.ok ? listInfo.error : failure("the apt lists", lists);
    return {
      ...summarisePending(items, firstSeen, ctx.now, { ageDays: null, note: null }),
      ...counts,
      ...noSecurityCount(`Ward could not tell how old the update lists are (${why})`),
    };
  }
  const ageDays = daysBetween(new Date(listInfo.value.newestMs).toISOString(), ctx.now);
  const summary = {
    ...summarisePending(items, firstSeen, ctx.now, {
      ageDays,
      note: `apt last fetched package lists ${ageDays} day(s) ago or more recently (an update that found nothing new leaves no trace).`,
    }),
    ...counts,
  };
  if (!listInfo.value.hasSecurityArchive) {
    return {
      ...summary,
      ...noSecurityCount("this computer does not fetch the security archive, so apt cannot mark security updates"),
    };
  }
  return summary;
}

async function dnfPending(ctx: CollectContext, answered: string[]): Promise<PendingFacts> {
  const chk = await ctx.probe("linux.dnf-check-update");
  if (!chk.ok) return unknownPending(failure("dnf check-update", chk));
  answered.push("linux.dnf-check-update");
  const updates = parseDnfCheckUpdate(chk.text);
  if (!updates.ok) return unknownPending(updates.error);
  const info = await ctx.probe("linux.dnf-updateinfo");
  const advisories = info.ok ? parseDnfUpdateinfo(info.text) : null;
  if (info.ok) answered.push("linux.dnf-updateinfo");

  const securityPackages = new Map<string, { advisory: string; issued: string | null }>();
  if (advisories?.ok) {
    for (const a of advisories.value) {
      const prev = securityPackages.get(a.package);
      // Several advisories may name one package build; the oldest issue date is the one that ages it.
      if (!prev || (a.issued !== null && (prev.issued === null || a.issued < prev.issued))) {
        securityPackages.set(a.package, { advisory: a.advisory, issued: a.issued });
      }
    }
  }
  const items: PendingItem[] = [...securityPackages.entries()].map(([pkg, a]) => ({
    key: `dnf:${packageName(pkg)}:security`,
    title: `${a.advisory} ${pkg}`,
    security: true,
    releaseDate: a.issued,
  }));
  const securityNames = new Set([...securityPackages.keys()].map(packageName));
  for (const u of updates.value) {
    if (securityNames.has(u.package.replace(/\.[^.]+$/, ""))) continue;
    items.push({
      key: `dnf:${u.package}:other`,
      title: `${u.package} ${u.version}`,
      security: false,
      releaseDate: null,
    });
  }
  const firstSeen = trackFirstSeen(
    ctx.memory,
    items.map((i) => i.key),
    ctx.now,
  );
  const summary = summarisePending(items, firstSeen, ctx.now, {
    ageDays: null,
    note: "dnf refreshes its metadata itself.",
  });
  if (!advisories?.ok) {
    const why = advisories && !advisories.ok ? advisories.error : failure("dnf updateinfo", info);
    return { ...summary, ...noSecurityCount(`Ward could not read the security advisories (${why})`) };
  }
  return summary;
}

/** "openssl-libs-1:3.0.7-6.el9_2.x86_64" → "openssl-libs": name before the version-release. */
function packageName(nevra: string): string {
  return nevra.replace(/\.[^.]+$/, "").replace(/-(\d+:)?[^-]+-[^-]+$/, "");
}

function noSecurityCount(reason: string): Partial<PendingFacts> {
  return { status: "unknown", reason, securityCount: null, securityOldestDays: null, securityAllDated: false };
}

function failure(what: string, o: ProbeOutcome): string {
  return o.ok ? `${what} answered` : `${what} did not answer (${o.reason}: ${o.error})`;
}
