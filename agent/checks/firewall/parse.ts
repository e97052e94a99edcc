// Pure parsers for netsh advfirewall, socketfilterfw, ufw, firewall-cmd, nft and iptables output.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export type Onoff = "on" | "off";

/**
 * `netsh advfirewall show allprofiles state` (English): "Domain Profile Settings:" then a dashed line and
 * "State                                 ON". Windows in another display language translates the labels: unparsed.
 */
export function parseNetshProfiles(text: string): Parsed<Record<string, Onoff>> {
  const out: Record<string, Onoff> = {};
  let profile: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const head = /^(Domain|Private|Public) Profile Settings:?$/.exec(line);
    if (head) {
      profile = (head[1] as string).toLowerCase();
      continue;
    }
    const state = /^State\s+(ON|OFF)$/i.exec(line);
    if (state && profile) out[profile] = (state[1] as string).toUpperCase() === "ON" ? "on" : "off";
  }
  if (Object.keys(out).length === 0)
    return unparsed("netsh printed no English 'Profile Settings' / 'State' lines Ward reads");
  return parsed(out);
}

/** socketfilterfw --getglobalstate: "Firewall is enabled. (State = 1)", "(State = 2)" block all, "(State = 0)" off. */
export function parseSocketfilterfw(text: string): Parsed<{ state: Onoff; blockAll: boolean }> {
  const m = /\(State = ([0-2])\)/.exec(text);
  if (!m) return unparsed("socketfilterfw printed no '(State = n)' Ward reads");
  return parsed({ state: m[1] === "0" ? "off" : "on", blockAll: m[1] === "2" });
}

/** `ufw status`: "Status: active" / "Status: inactive" on the first line. */
export function parseUfwStatus(text: string): Parsed<Onoff> {
  const m = /^Status: (active|inactive)\s*$/m.exec(text);
  return m ? parsed(m[1] === "active" ? "on" : "off") : unparsed("ufw status printed no 'Status:' line Ward reads");
}

/** `firewall-cmd --state`: "running" or "not running". */
export function parseFirewalldState(text: string): Parsed<Onoff> {
  const t = text.trim();
  return t === "running"
    ? parsed("on")
    : t === "not running"
      ? parsed("off")
      : unparsed("firewall-cmd --state printed something Ward does not read");
}

/**
 * `iptables -S INPUT`: on when the default policy drops ("-P INPUT DROP") or the last rule drops or rejects
 * everything ("-A INPUT -j REJECT …"); off when the policy accepts and there are no rules; otherwise (accepting
 * policy with some rules) Ward cannot judge the rules and answers null.
 */
export function parseIptablesInput(text: string): Parsed<{ state: Onoff | null; rules: number }> {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const policy = lines.map((l) => /^-P INPUT (ACCEPT|DROP|REJECT)$/.exec(l)?.[1]).find((p) => p !== undefined);
  if (!policy) return unparsed("iptables printed no '-P INPUT' policy line");
  const rules = lines.filter((l) => l.startsWith("-A INPUT "));
  if (policy !== "ACCEPT") return parsed({ state: "on", rules: rules.length });
  const last = rules.at(-1);
  if (last && /^-A INPUT -j (DROP|REJECT)\b/.test(last)) return parsed({ state: "on", rules: rules.length });
  return parsed({ state: rules.length === 0 ? "off" : null, rules: rules.length });
}

/**
 * `nft list ruleset` (nft prints one rule per line; a chain closes on a line holding only "}"). Only base chains
 * hooked on input ("type filter hook input priority …; policy drop|accept;") decide, and every such chain must accept a
 * packet for it to pass, so: on when one has "policy drop", or ends in a bare catch-all ("counter packets N bytes M
 * drop", "drop", "reject"); off when the ruleset is empty, has no input chain, or its input chains accept with no rules
 * at all (Debian's stock table); otherwise null (accepting policy with rules Ward does not judge).
 */
export function parseNftRuleset(text: string): Parsed<Onoff | null> {
  if (text.trim() === "") return parsed("off");
  if (!/^table /m.test(text)) return unparsed("nft list ruleset printed no table Ward reads");
  const chains: { policy: string | null; rules: string[] }[] = [];
  let current: { hook: string | null; policy: string | null; rules: string[] } | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (current === null) {
      if (/^chain \S+ \{$/.test(line)) current = { hook: null, policy: null, rules: [] };
      continue;
    }
    if (line === "}") {
      if (current.hook === "input") chains.push({ policy: current.policy, rules: current.rules });
      current = null;
      continue;
    }
    const base = /^type \S+ hook (\S+) (?:device \S+ )?priority [^;]+;(?:\s*policy (\S+);)?/.exec(line);
    if (base) {
      current.hook = base[1] as string;
      current.policy = base[2] ?? null;
    } else if (line !== "" && !line.startsWith("#")) current.rules.push(line);
  }
  if (chains.some((c) => c.policy === "drop" || CATCH_ALL.test(c.rules.at(-1) ?? ""))) return parsed("on");
  if (chains.every((c) => c.policy === "accept" && c.rules.length === 0)) return parsed("off");
  return parsed(null);
}

/** A last rule that drops or rejects whatever reached it (optionally counted or logged). */
const CATCH_ALL =
  /^(?:counter(?: packets \d+ bytes \d+)? )?(?:log(?: prefix "[^"]*")?(?: level \S+)? )?(?:drop|reject(?: with [\w -]+)?)$/;
