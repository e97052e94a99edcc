// Pure parser for `netsh wlan show interfaces`: how many Wi-Fi interfaces Windows lists and its "Hosted network status".
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";
import type { HostedNetworkStatus } from "./parse-netsh-hostednetwork.js";

/**
 * English output starts "There is 1 interface on the system:" (or "There are N interfaces ...") and ends with
 * "Hosted network status  : Not started | Started". Windows in another display language prints other words (a Chinese
 * Windows: "承载网络状态  : 不可用"), which answers an error (so `unknown`). "Not available" and the "no wireless
 * interface" / "WLAN service is not running" messages are not recognised on purpose: Ward has no real capture of
 * them yet (see fixtures/SOURCES.md).
 */
export type WlanInterfaces = {
  interfaceCount: number | null;
  hostedNetworkStatus: HostedNetworkStatus | null;
};

export function parseNetshInterfaces(text: string): Parsed<WlanInterfaces> {
  let interfaceCount: number | null = null;
  let hostedNetworkStatus: HostedNetworkStatus | null = null;
  let rawStatus: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const count = /^There (?:is|are) (\d+) interfaces? on the system:?$/.exec(line);
    if (count) interfaceCount = Number(count[1]);
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toLowerCase() !== "hosted network status") continue;
    rawStatus = line.slice(colon + 1).trim();
    const value = rawStatus.toLowerCase();
    hostedNetworkStatus = value === "started" ? "started" : value === "not started" ? "not_started" : null;
  }
  if (interfaceCount === null && rawStatus === null) {
    return unparsed("netsh printed no English interface list or 'Hosted network status' line Ward reads");
  }
  if (rawStatus !== null && hostedNetworkStatus === null) {
    return unparsed(`netsh printed a hosted network status Ward does not know: "${rawStatus.slice(0, 60)}"`);
  }
  return parsed({ interfaceCount, hostedNetworkStatus });
}
