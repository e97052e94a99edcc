// Pure parsers for nmcli: terse active-connection rows and one connection's Wi-Fi mode and IPv4 method.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/**
 * `nmcli -t` (terse) separates fields with ':' and escapes a ':' or '\' inside a value with '\' (nmcli(1), "-t");
 * LC_ALL=C is set by the platform, and these fields are not translated anyway.
 */
export function splitTerse(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "\\" && i + 1 < line.length) {
      current += line[i + 1];
      i++;
    } else if (c === ":") {
      fields.push(current);
      current = "";
    } else current += c;
  }
  fields.push(current);
  return fields;
}

export type NmConnection = {
  uuid: string;
  /** "802-11-wireless" in terse output ("wifi" in some tabular output), "802-3-ethernet", "loopback", ... */
  type: string;
  /** The device it is active on; null for a saved profile that is not active. */
  device: string | null;
  isWifi: boolean;
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * `nmcli -t -f NAME,UUID,TYPE,DEVICE connection show [--active]`: one NAME:UUID:TYPE:DEVICE row per connection.
 * The name is dropped (it is often a network's SSID, which Ward does not report). No output means no connections.
 */
export function parseNmcliConnections(text: string): Parsed<NmConnection[]> {
  const rows: NmConnection[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const fields = splitTerse(line);
    if (fields.length !== 4)
      return unparsed(`nmcli printed a row with ${fields.length} fields instead of NAME:UUID:TYPE:DEVICE`);
    const [, uuid, type, device] = fields as [string, string, string, string];
    if (!UUID.test(uuid)) return unparsed("nmcli printed a connection whose UUID Ward does not recognise");
    rows.push({
      uuid: uuid.toLowerCase(),
      type,
      device: device === "" ? null : device,
      isWifi: type === "802-11-wireless" || type === "wifi",
    });
  }
  return parsed(rows);
}

export type NmWifiMode = {
  /** 802-11-wireless.mode: infrastructure | adhoc | ap | mesh; null when not printed. */
  mode: string | null;
  /** ipv4.method: auto | manual | shared | link-local | disabled; null when not printed. */
  ipv4Method: string | null;
};

/**
 * `nmcli -t -f 802-11-wireless.mode,ipv4.method connection show uuid <uuid>` prints "802-11-wireless.mode:ap" and
 * "ipv4.method:shared". The same keys in the padded (non-terse) layout are read too: "key:   value".
 * `ap` mode is an access point (a hotspot); `shared` means NetworkManager shares this machine's connection over it.
 */
export function parseNmcliWifiMode(text: string): Parsed<NmWifiMode> {
  let mode: string | null = null;
  let ipv4Method: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = splitTerse(line.slice(colon + 1))
      .join(":")
      .trim();
    if (key === "802-11-wireless.mode") mode = value === "" || value === "--" ? null : value;
    if (key === "ipv4.method") ipv4Method = value === "" || value === "--" ? null : value;
  }
  if (mode === null && ipv4Method === null)
    return unparsed("nmcli printed neither 802-11-wireless.mode nor ipv4.method");
  return parsed({ mode, ipv4Method });
}

/** nmcli's own words (exit code 8) when the NetworkManager daemon is not running. */
export function saysNetworkManagerNotRunning(stderr: string): boolean {
  return stderr.split(/\r?\n/).some((l) => l.trim() === "Error: NetworkManager is not running.");
}
