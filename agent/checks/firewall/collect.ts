// Runs each OS's firewall probes and turns them into layers (never throws for bad output).
import type { CollectContext } from "../framework/check.js";
import type { ProbeOutcome } from "../framework/probe.js";
import type { Parsed } from "../framework/parsed.js";
import { parseSecurityCenter } from "../malware-protection/parse-security-center.js";
import type { FirewallFacts, FirewallLayer, LayerState } from "./facts.js";
import {
  type Onoff,
  parseFirewalldState,
  parseIptablesInput,
  parseNetshProfiles,
  parseNftRuleset,
  parseSocketfilterfw,
  parseUfwStatus,
} from "./parse.js";

const why = (o: ProbeOutcome) => (o.ok ? "" : o.error);

export async function collectFirewall(ctx: CollectContext): Promise<FirewallFacts> {
  if (ctx.os === "windows") return { os: "windows", layers: await windows(ctx) };
  if (ctx.os === "macos") return { os: "macos", layers: [await macos(ctx)] };
  return { os: "linux", layers: await linux(ctx) };
}

async function windows(ctx: CollectContext): Promise<FirewallLayer[]> {
  const layers: FirewallLayer[] = [];
  const out = await ctx.probe("win.firewall-profiles");
  const r = out.ok ? parseNetshProfiles(out.text) : null;
  if (r && !r.ok) ctx.noteError({ probe: "win.firewall-profiles", error: r.error });
  for (const p of ["domain", "private", "public"]) {
    const label = `Windows Firewall, ${p} profile`;
    const state = r?.ok ? r.value[p] : undefined;
    layers.push(
      state
        ? { id: `windows-${p}`, label, state, detail: `netsh: State ${state.toUpperCase()}` }
        : {
            id: `windows-${p}`,
            label,
            state: "unknown",
            detail: r ? (r.ok ? "netsh did not list this profile" : r.error) : why(out),
          },
    );
  }
  const sc = await ctx.probe("win.firewall-products");
  const products = sc.ok ? parseSecurityCenter(sc.text) : null;
  for (const p of products?.ok ? products.value : []) {
    layers.push({
      id: `security-center:${p.name}`,
      label: p.name,
      state: p.state === "on" ? "on" : "off",
      detail: `Security Center: ${p.state} (productState ${p.productState})`,
    });
  }
  return layers;
}

async function macos(ctx: CollectContext): Promise<FirewallLayer> {
  const out = await ctx.probe("mac.socketfilterfw");
  const base = { id: "macos-alf", label: "macOS firewall" };
  if (!out.ok) return { ...base, state: "unknown", detail: why(out) };
  const r = parseSocketfilterfw(out.text);
  if (!r.ok) {
    ctx.noteError({ probe: "mac.socketfilterfw", error: r.error });
    return { ...base, state: "unknown", detail: r.error };
  }
  return {
    ...base,
    state: r.value.state,
    detail: `socketfilterfw: ${r.value.state}${r.value.blockAll ? ", blocking all incoming connections" : ""}`,
  };
}

async function linux(ctx: CollectContext): Promise<FirewallLayer[]> {
  const layer = async (
    probe: string,
    id: string,
    label: string,
    parse: (t: string) => Parsed<Onoff | null>,
  ): Promise<FirewallLayer> => {
    const out = await ctx.probe(probe);
    if (!out.ok && out.reason === "not_installed")
      return { id, label, state: "not_installed", detail: `${label} is not installed` };
    // firewall-cmd exits 252 with "not running" (accepted); other tools fail without root.
    if (!out.ok) return { id, label, state: "unknown", detail: why(out) };
    const r = parse(out.text);
    if (!r.ok) {
      ctx.noteError({ probe, error: r.error });
      return { id, label, state: "unknown", detail: r.error };
    }
    const state: LayerState = r.value ?? "unknown";
    return {
      id,
      label,
      state,
      detail:
        r.value === null
          ? `${label} has rules but no default-drop input policy Ward can judge`
          : `${label}: ${r.value}`,
    };
  };
  return [
    await layer("linux.ufw-status", "ufw", "ufw", parseUfwStatus),
    await layer("linux.firewalld-state", "firewalld", "firewalld", parseFirewalldState),
    await layer("linux.nft-ruleset", "nftables", "nftables (nft)", parseNftRuleset),
    await layer("linux.iptables-input", "iptables", "iptables", (t) => {
      const r = parseIptablesInput(t);
      return r.ok ? { ok: true, value: r.value.state } : r;
    }),
  ];
}
