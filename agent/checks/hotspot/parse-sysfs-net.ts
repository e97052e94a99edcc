// Pure parsers for the kernel's interface lists: /proc/net/wireless, /proc/net/dev, /sys/class/net/<if>/uevent.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/** Linux interface names: at most 15 bytes, no '/', no whitespace (IFNAMSIZ); also used in a /sys path. */
const IFNAME = /^[A-Za-z0-9_.@:+-]{1,15}$/;
export const isSafeInterfaceName = (name: string): boolean => IFNAME.test(name) && name !== "." && name !== "..";

/** Data rows "  NAME: counters..." after header rows that contain '|' (both files share this layout). */
function interfaceRows(text: string, header: string, file: string): Parsed<string[]> {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => l.startsWith(header)))
    return unparsed(`${file} does not start with the "${header}" header Ward knows`);
  const names: string[] = [];
  for (const line of lines) {
    if (line.trim() === "" || line.includes("|")) continue;
    const m = /^\s*([^:\s]+):/.exec(line);
    if (!m || !isSafeInterfaceName(m[1] as string)) return unparsed(`${file} has a row Ward does not read`);
    names.push(m[1] as string);
  }
  return parsed(names);
}

/**
 * /proc/net/wireless: two header rows ("Inter-| sta-| ...", " face | tus | ...") then one row per interface whose
 * driver supports wireless extensions. An empty list does not prove there is no Wi-Fi: drivers without wireless
 * extensions are not listed (wavemon's maintainer, uoaerg/wavemon#23); the file is absent on kernels built without them.
 */
export const parseProcNetWireless = (text: string): Parsed<string[]> =>
  interfaceRows(text, "Inter-|", "/proc/net/wireless");

/** /proc/net/dev: header rows "Inter-|   Receive ..." then one row per network interface in this namespace. */
export const parseProcNetDev = (text: string): Parsed<string[]> => interfaceRows(text, "Inter-|", "/proc/net/dev");

/**
 * /sys/class/net/<if>/uevent: KEY=VALUE lines (INTERFACE=, IFINDEX=, and DEVTYPE= when the device has a type).
 * cfg80211 sets DEVTYPE=wlan on every wireless interface it creates (kernel net/wireless/core.c, wiphy_type "wlan");
 * Ethernet and loopback print no DEVTYPE. No real capture of a DEVTYPE=wlan file is in fixtures yet: seeing one only
 * stops Ward from saying "no Wi-Fi", it can never make the check pass.
 */
export function parseUevent(text: string): Parsed<{ devtype: string | null }> {
  const pairs = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf("=");
    if (eq > 0) pairs.set(line.slice(0, eq), line.slice(eq + 1));
  }
  if (!pairs.has("INTERFACE")) return unparsed("the uevent file has no INTERFACE= line");
  return parsed({ devtype: pairs.get("DEVTYPE") ?? null });
}
