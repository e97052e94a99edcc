// Pure parser for `netsh wlan show interfaces`: per interface, whether it is connected and the network's security type.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/**
 * netsh prints one block per interface: Name, Description, GUID, Physical address, State, then — only while
 * connected — SSID, BSSID, Network type, Radio type, Authentication, Cipher, …. Labels are translated with the
 * display language ("身份验证" for Authentication on a Chinese Windows) but "GUID", "SSID" and "BSSID" are not, and
 * the order is fixed, so Ward decides by structure: a block starts at its GUID line, is connected when it has an
 * SSID line, and its authentication is the value on the line after the radio type ("802.11…"). The SSID itself is
 * never kept. Authentication values: "Open", "WEP", "WPA-Personal", "WPA2-Personal", "WPA2-Enterprise",
 * "WPA3-Personal"… ("Open" is translated: Chinese "开放式", from a real capture; other translations are unknown).
 */
export type WifiSecurity = "open" | "wep" | "wpa" | "wpa2" | "wpa3" | "owe" | "unknown";

export type WlanInterface = {
  connected: boolean | null;
  security: WifiSecurity | null;
  /** netsh's authentication label (a protocol name, never the network name), for the facts. */
  authentication: string | null;
};

const OPEN_WORDS = new Set(["open", "开放式"]);

export function classifyAuthentication(auth: string, cipher: string | null): WifiSecurity {
  const a = auth.trim();
  if (/WPA3/i.test(a)) return "wpa3";
  if (/WPA2/i.test(a)) return "wpa2";
  if (/^WPA/i.test(a)) return "wpa";
  if (/OWE/i.test(a)) return "owe";
  if (/^WEP$/i.test(a) || /^WEP/i.test(cipher ?? "")) return "wep";
  if (OPEN_WORDS.has(a.toLowerCase())) return "open";
  return "unknown";
}

export function parseNetshWlan(text: string): Parsed<WlanInterface[]> {
  const rows = text.split(/\r?\n/).map((raw) => {
    const i = raw.indexOf(":");
    return i < 0 ? null : { key: raw.slice(0, i).trim(), value: raw.slice(i + 1).trim() };
  });
  const out: WlanInterface[] = [];
  let block: { key: string; value: string }[] | null = null;
  const flush = () => {
    if (block) out.push(readBlock(block));
  };
  for (const r of rows) {
    if (!r) continue;
    if (r.key === "GUID") {
      flush();
      block = [];
    }
    block?.push(r);
  }
  flush();
  if (out.length === 0) return unparsed("netsh printed no interface block Ward reads (no GUID line)");
  return parsed(out);
}

function readBlock(rows: { key: string; value: string }[]): WlanInterface {
  const hasSsid = rows.some((r) => r.key === "SSID");
  if (!hasSsid) {
    // English "State : disconnected" proves it; other languages without an SSID line are not decided.
    const state = rows.find((r) => r.key === "State")?.value.toLowerCase();
    return { connected: state === "disconnected" ? false : null, security: null, authentication: null };
  }
  const radio = rows.findIndex((r) => /^802\.11/.test(r.value));
  const auth = radio >= 0 ? rows[radio + 1] : undefined;
  if (!auth) return { connected: true, security: "unknown", authentication: null };
  const cipher = rows[radio + 2]?.value ?? null;
  return {
    connected: true,
    security: classifyAuthentication(auth.value, cipher),
    authentication: auth.value.slice(0, 40),
  };
}
