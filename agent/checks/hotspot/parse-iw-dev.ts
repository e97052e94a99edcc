// Pure parser for `iw dev`: the wireless interfaces the kernel's nl80211 knows, and each one's type (managed, AP, ...).
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

/**
 * Output is one "phy#N" block per radio, then indented "Interface NAME" blocks with "type managed", "type AP",
 * "type monitor", "type P2P-GO", ... An interface of type AP (or AP/VLAN) is an access point: a hotspot.
 * iw prints nothing when nl80211 knows no wireless interface.
 */
export type IwInterface = { name: string; type: string | null };
export type IwDev = { phys: number; interfaces: IwInterface[] };

export function parseIwDev(text: string): Parsed<IwDev> {
  let phys = 0;
  const interfaces: IwInterface[] = [];
  for (const raw of text.split(/\r?\n/)) {
    // A copy pasted into a forum may carry a quote mark before "phy#"; the radio line itself is "phy#N".
    if (/^\W*phy#\d+\s*$/.test(raw)) {
      phys++;
      continue;
    }
    const iface = /^\s+Interface\s+(\S+)\s*$/.exec(raw);
    if (iface) {
      interfaces.push({ name: iface[1] as string, type: null });
      continue;
    }
    const type = /^\s+type\s+(\S.*?)\s*$/.exec(raw);
    const last = interfaces[interfaces.length - 1];
    if (type && last && last.type === null) last.type = type[1] as string;
  }
  if (text.trim() !== "" && phys === 0 && interfaces.length === 0)
    return unparsed("iw printed output Ward does not read");
  return parsed({ phys, interfaces });
}

export const isAccessPointType = (type: string | null): boolean => type === "AP" || type === "AP/VLAN";

/** iw's words (exit code 1) when the kernel has no nl80211, i.e. no cfg80211 wireless stack is loaded. */
export function saysNl80211Missing(stderr: string): boolean {
  return stderr.split(/\r?\n/).some((l) => l.trim() === "nl80211 not found.");
}
