// Pure parser for `netsh wlan show hostednetwork`: the legacy hosted network's mode and whether it is running.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/**
 * netsh prints two sections, in the Windows display language (English only is read here; a French Windows prints
 * "État : Non démarré", which answers an error and so `unknown`):
 *   Hosted network settings / Mode : Allowed | Disallowed, SSID name, Max number of clients, ...
 *   Hosted network status   / Status : Started | Not started, then BSSID, Number of clients, ...
 * netsh also prints "Not available" when the driver cannot host a network (most current drivers), but no real capture
 * of that answer has been found yet (fixtures/SOURCES.md), so it is refused like any other unread answer: `unknown`.
 */
export type HostedNetworkStatus = "started" | "not_started";

export type HostedNetwork = {
  /** "Allowed" / "Disallowed" as printed, or null when netsh printed no mode. */
  mode: string | null;
  status: HostedNetworkStatus;
  /** "Number of clients" while started; null otherwise. */
  clients: number | null;
};

const STATUS: Record<string, HostedNetworkStatus> = { started: "started", "not started": "not_started" };

export function parseNetshHostedNetwork(text: string): Parsed<HostedNetwork> {
  let section: "settings" | "status" | null = null;
  let mode: string | null = null;
  let status: HostedNetworkStatus | null = null;
  let rawStatus: string | null = null;
  let clients: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = line.toLowerCase();
    if (heading === "hosted network settings") section = "settings";
    else if (heading === "hosted network status") section = "status";
    const colon = line.indexOf(":");
    if (colon < 0 || section === null) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (section === "settings" && key === "mode") mode = value;
    if (section === "status" && key === "status") {
      rawStatus = value;
      status = STATUS[value.toLowerCase()] ?? null;
    }
    if (section === "status" && key === "number of clients" && /^\d+$/.test(value)) clients = Number(value);
  }
  if (rawStatus === null) {
    return unparsed("netsh did not print the English 'Hosted network status' section Ward reads");
  }
  if (status === null)
    return unparsed(`netsh printed a hosted network status Ward does not know: "${rawStatus.slice(0, 60)}"`);
  return parsed({ mode, status, clients: status === "started" ? clients : null });
}
