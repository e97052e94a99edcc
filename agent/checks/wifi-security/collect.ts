// Runs each OS's Wi-Fi probes, records an insecure network as a sighting, and returns the facts.
import type { CollectContext } from "../framework/check.js";
import { collectLinux as hotspotLinuxEvidence } from "../hotspot/collect-linux.js";
import { readSighting, recordSighting } from "../hotspot/sighting.js";
import type { WifiFacts } from "./facts.js";
import { parseNetshWlan } from "./parse-netsh-wlan.js";
import { parseNmcliWifi } from "./parse-nmcli-wifi.js";
import { parseSystemProfilerWifi } from "./parse-system-profiler-wifi.js";

const INSECURE = new Set(["open", "wep"]);

export async function collectWifi(ctx: CollectContext): Promise<WifiFacts> {
  const found = ctx.os === "windows" ? await windows(ctx) : ctx.os === "linux" ? await linux(ctx) : await macos(ctx);
  const insecure = found.connections
    .filter((c) => c.connected === true && c.security !== null && INSECURE.has(c.security))
    .map((c) => c.security as string);
  const memory = recordSighting(ctx.memory.get(), insecure, ctx.now);
  ctx.memory.set(memory);
  return { os: ctx.os, ...found, sighting: readSighting(memory) };
}

type Found = Omit<WifiFacts, "os" | "sighting">;

async function windows(ctx: CollectContext): Promise<Found> {
  const out = await ctx.probe("win.wlan-interfaces");
  if (!out.ok)
    return {
      wifiHardware: "unknown",
      detail: `netsh wlan show interfaces did not answer (${out.error})`,
      connections: [],
    };
  const r = parseNetshWlan(out.text);
  if (!r.ok) {
    // Includes "There is no wireless interface on the system.": no real capture of it yet, so it is not proof.
    ctx.noteError({ probe: "win.wlan-interfaces", error: r.error });
    return { wifiHardware: "unknown", detail: r.error, connections: [] };
  }
  return { wifiHardware: "present", detail: `netsh lists ${r.value.length} Wi-Fi interface(s)`, connections: r.value };
}

/**
 * Linux: the kernel's own marks decide whether there is Wi-Fi at all (the hotspot check's evidence, same probes and
 * cycle cache); NetworkManager's list then gives the security of the network in use. Without NetworkManager (iw or
 * wpa_cli alone) nothing is read yet — no real capture of their output for this — so the answer is unknown.
 */
async function linux(ctx: CollectContext): Promise<Found> {
  const evidence = await hotspotLinuxEvidence(ctx);
  if (evidence.wifiHardware === "absent")
    return { wifiHardware: "absent", detail: evidence.wifiHardwareDetail, connections: [] };
  const unread = [{ connected: null, security: null, authentication: null }];
  const out = await ctx.probe("linux.nmcli-wifi");
  if (!out.ok)
    return {
      wifiHardware: evidence.wifiHardware,
      detail: `${evidence.wifiHardwareDetail}; NetworkManager's Wi-Fi list could not be read (${out.error})`,
      connections: unread,
    };
  const r = parseNmcliWifi(out.text);
  if (!r.ok) {
    ctx.noteError({ probe: "linux.nmcli-wifi", error: r.error });
    return { wifiHardware: evidence.wifiHardware, detail: r.error, connections: unread };
  }
  const none = r.value.every((c) => c.connected === null);
  return {
    wifiHardware: evidence.wifiHardware,
    detail: none
      ? "NetworkManager marks no Wi-Fi network as in use (not joined, or its list is out of date)"
      : `NetworkManager lists ${r.value.length} Wi-Fi network(s) in use`,
    connections: r.value,
  };
}

/** macOS: system_profiler's Wi-Fi report, read by structure (see parse-system-profiler-wifi.ts). */
async function macos(ctx: CollectContext): Promise<Found> {
  const out = await ctx.probe("mac.airport");
  if (!out.ok)
    return { wifiHardware: "unknown", detail: `system_profiler did not answer (${out.error})`, connections: [] };
  const r = parseSystemProfilerWifi(out.text);
  if (!r.ok) {
    // An answer with no Wi-Fi interface has not been seen in a real capture, so it is not proof of "no Wi-Fi".
    ctx.noteError({ probe: "mac.airport", error: r.error });
    return { wifiHardware: "unknown", detail: r.error, connections: [] };
  }
  return {
    wifiHardware: "present",
    detail: `system_profiler lists ${r.value.length} Wi-Fi interface(s)`,
    connections: r.value,
  };
}
