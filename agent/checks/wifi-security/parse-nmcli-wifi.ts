// Pure parser for `nmcli device wifi list --rescan no`: the security of the network in use (never its name).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import type { WifiSecurity, WlanInterface } from "./parse-netsh-wlan.js";

/**
 * nmcli (run with LC_ALL=C) prints a header `IN-USE  BSSID  SSID  MODE  CHAN  RATE  SIGNAL  BARS  SECURITY` and a row
 * per network it sees; the network the laptop is joined to starts with `*`. SECURITY is the last column: "--" for an
 * open network, otherwise the protocols ("WPA2", "WPA1 WPA2", "WPA2 WPA3", "WPA2 802.1X", "WEP", "OWE"). Columns are
 * padded by display width and an SSID may hold spaces or wide characters, so the security is read from the row's end:
 * after SIGNAL (0–100) and BARS (▂▄▆█ with _ for empty, or * in a terminal without those glyphs). SSIDs are never kept.
 */
const ROW_TAIL = /\s(\d{1,3})\s+([▂▄▆█_*]{1,4})\s+(\S.*?)\s*$/u;

export function parseNmcliWifi(text: string): Parsed<WlanInterface[]> {
  const lines = text.split(/\r?\n/);
  const header = lines.findIndex((l) => /^IN-USE\s+BSSID\s+SSID\b/.test(l) && /\bSECURITY\s*$/.test(l));
  if (header < 0) return unparsed("nmcli's Wi-Fi list has no IN-USE … SECURITY header");
  const inUse = lines.slice(header + 1).filter((l) => l.startsWith("*"));
  if (inUse.length === 0) {
    // No row marked in use: not joined, or the list is stale. No real capture shows which, so it is not proof.
    return parsed([{ connected: null, security: null, authentication: null }]);
  }
  return parsed(
    inUse.map((row) => {
      const m = ROW_TAIL.exec(row);
      if (!m) return { connected: true, security: null, authentication: null };
      const label = (m[3] as string).slice(0, 40);
      return { connected: true, security: classifyNmcliSecurity(label), authentication: label };
    }),
  );
}

export function classifyNmcliSecurity(label: string): WifiSecurity {
  const words = label.trim().split(/\s+/);
  if (words.length === 1 && words[0] === "--") return "open";
  if (words.includes("WPA3")) return "wpa3";
  if (words.includes("WPA2")) return "wpa2";
  if (words.includes("WPA1")) return "wpa";
  if (words.includes("OWE")) return "owe";
  if (words.includes("WEP")) return "wep";
  return "unknown";
}
