// Which Debian mirror this machine's apt uses: read from /etc/apt/sources.list and sources.list.d (one-line *.list
// and deb822 *.sources), so a site's local mirror or caching proxy is used for the Wine root too. No host is
// written here; WARD_DEBIAN_MIRROR overrides.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "./run.js";

export interface AptSource {
  types: string[];
  uris: string[];
  suites: string[];
  components: string[];
  enabled: boolean;
}

/** `deb [arch=amd64 signed-by=…] http://mirror/debian bookworm main contrib` lines; comments and blanks skipped. */
export function parseOneLineSources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const m = /^(deb|deb-src)\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    out.push({
      types: [m[1]!],
      uris: [m[2]!],
      suites: [m[3]!],
      components: m[4]!.split(/\s+/).filter(Boolean),
      enabled: true,
    });
  }
  return out;
}

/** deb822 stanzas (`Types:`, `URIs:`, `Suites:`, `Components:`, `Enabled:`), separated by blank lines. */
export function parseDeb822Sources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split("\n")) {
      if (line.startsWith("#")) continue;
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      last = m[1]!.toLowerCase();
      fields.set(last, m[2]!.trim());
    }
    const list = (k: string) => (fields.get(k) ?? "").split(/\s+/).filter(Boolean);
    if (!fields.has("uris")) continue;
    out.push({
      types: list("types"),
      uris: list("uris"),
      suites: list("suites"),
      components: list("components"),
      enabled: !/^(no|false|0)$/i.test(fields.get("enabled") ?? "yes"),
    });
  }
  return out;
}

// Debian's release names and aliases: a source serving one of these (not -security, -updates, -backports) is
// the main Debian archive, which also carries the other releases.
const DEBIAN_SUITES = new Set([
  "stable",
  "testing",
  "unstable",
  "oldstable",
  "sid",
  "buster",
  "bullseye",
  "bookworm",
  "trixie",
  "forky",
  "duke",
]);

/** The first enabled binary source that serves a plain Debian release with `main`: its URI, without a trailing slash. */
export function debianMirror(sources: AptSource[]): string | undefined {
  for (const s of sources) {
    if (!s.enabled || !s.types.includes("deb") || !s.components.includes("main")) continue;
    if (!s.suites.some((suite) => DEBIAN_SUITES.has(suite))) continue;
    const uri = s.uris.find((u) => /^(https?|file):/.test(u));
    if (uri) return uri.replace(/\/+$/, "");
  }
  return undefined;
}

/** Every source apt reads on this machine, in apt's order: sources.list, then sources.list.d/ sorted. */
export function machineAptSources(etcApt = "/etc/apt"): AptSource[] {
  const sources: AptSource[] = [];
  const list = join(etcApt, "sources.list");
  if (existsSync(list)) sources.push(...parseOneLineSources(readFileSync(list, "utf8")));
  const dir = join(etcApt, "sources.list.d");
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const name of names) {
    if (name.endsWith(".list")) sources.push(...parseOneLineSources(readFileSync(join(dir, name), "utf8")));
    else if (name.endsWith(".sources")) sources.push(...parseDeb822Sources(readFileSync(join(dir, name), "utf8")));
  }
  return sources;
}

/** The Debian mirror to build from: WARD_DEBIAN_MIRROR, else the machine's apt configuration. */
export function machineDebianMirror(etcApt = "/etc/apt"): string {
  const given = process.env.WARD_DEBIAN_MIRROR?.trim();
  if (given) return given;
  const found = debianMirror(machineAptSources(etcApt));
  if (found) return found;
  throw new Error(
    `no Debian mirror in ${etcApt}/sources.list or ${etcApt}/sources.list.d/ (a "deb" source for a Debian release with "main"); ` +
      "set WARD_DEBIAN_MIRROR to your mirror's URL, e.g. WARD_DEBIAN_MIRROR=http://<your mirror>/debian",
  );
}

// Settings of the host's apt that the root's apt must share to reach that mirror: proxies (apt-cacher-ng and
// the like) and, for snapshot mirrors, the expiry check. `apt-config dump` prints them as `Key "value";` lines.
const CARRIED = /^Acquire::(https?::Proxy|Check-Valid-Until|Check-Date)(::\S+)? "/;

export function carriedAptOptions(dump: string): string[] {
  return dump.split("\n").filter((l) => CARRIED.test(l));
}

/** --aptopt arguments for mmdebstrap from the host's apt configuration. */
export function machineAptOptions(): string[] {
  try {
    return carriedAptOptions(run("apt-config", ["dump"]).stdout).map((o) => `--aptopt=${o}`);
  } catch {
    return [];
  }
}
