// Pure parser for macOS `system_profiler SPAirPortDataType -json`: per Wi-Fi interface, joined or not and the security mode.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import type { WifiSecurity, WlanInterface } from "./parse-netsh-wlan.js";

/**
 * The output is `{"SPAirPortDataType": [{"spairport_airport_interfaces": [ … ]}]}`. A Wi-Fi interface (en0) carries
 * `spairport_status_information` ("spairport_status_connected" while joined) and, when joined,
 * `spairport_current_network_information` with `spairport_security_mode` (e.g. "spairport_security_mode_wpa3_personal").
 * Apple's peer-to-peer interface (awdl0) has no status line and is not a network the user joined, so it is skipped.
 * The network's `_name` (its SSID; "<redacted>" on macOS 26 without Location Services) is never read.
 * Mode words other than the captured WPA3 one are the ones other projects map (…_none, …_wep, …_wpa2_personal,
 * and "pairport_security_mode_wpa3_transition", which macOS prints without its leading "s"): classified by the
 * protocol named in the word; a word naming none of them is `unknown`, never a pass.
 */
export function parseSystemProfilerWifi(text: string): Parsed<WlanInterface[]> {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return unparsed("system_profiler's Wi-Fi answer is not JSON");
  }
  const groups = (root as { SPAirPortDataType?: unknown })?.SPAirPortDataType;
  if (!Array.isArray(groups)) return unparsed("system_profiler's answer has no SPAirPortDataType list");
  const out: WlanInterface[] = [];
  for (const group of groups) {
    const interfaces = (group as { spairport_airport_interfaces?: unknown })?.spairport_airport_interfaces;
    if (!Array.isArray(interfaces)) continue;
    for (const iface of interfaces as Record<string, unknown>[]) {
      const status = iface?.spairport_status_information;
      if (typeof status !== "string") continue;
      if (status !== "spairport_status_connected") {
        // Only the connected word has been seen in a real capture; any other status is not proof of "not joined".
        out.push({ connected: null, security: null, authentication: null });
        continue;
      }
      const current = iface.spairport_current_network_information as Record<string, unknown> | undefined;
      const mode = typeof current?.spairport_security_mode === "string" ? current.spairport_security_mode : null;
      const label = mode ? mode.replace(/^s?pairport_security_mode_/, "").slice(0, 40) : null;
      out.push({ connected: true, security: mode ? classifyMode(mode) : null, authentication: label });
    }
  }
  if (out.length === 0) return unparsed("system_profiler lists no Wi-Fi interface with a status");
  return parsed(out);
}

export function classifyMode(mode: string): WifiSecurity {
  const m = mode.toLowerCase().replace(/^s?pairport_security_mode_/, "");
  if (m.includes("wpa3")) return "wpa3";
  if (m.includes("wpa2")) return "wpa2";
  if (/^wpa(_|$)/.test(m)) return "wpa";
  if (m.includes("owe")) return "owe";
  if (m.startsWith("wep")) return "wep";
  if (m === "none") return "open";
  return "unknown";
}
