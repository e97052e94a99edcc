// Linux glue: NetworkManager's active Wi-Fi connections, iw's interface types, and kernel proof of Wi-Fi hardware.
import type { CollectContext } from "../framework/check.js";
import type { CollectedHotspot, MechanismFact, WifiHardware } from "./facts.js";
import { isAccessPointType, parseIwDev, saysNl80211Missing } from "./parse-iw-dev.js";
import { parseNmcliConnections, parseNmcliWifiMode, saysNetworkManagerNotRunning } from "./parse-nmcli.js";
import { parseProcNetDev, parseProcNetWireless, parseUevent } from "./parse-sysfs-net.js";
import { probeProblem } from "./probe-problem.js";

const MAX_WIFI_CONNECTIONS = 16;
const MAX_INTERFACES = 64;

export async function collectLinux(ctx: CollectContext): Promise<CollectedHotspot> {
  const nm = await networkManager(ctx);
  const iw = await iwDev(ctx);
  const wext = await wirelessExtensions(ctx);
  const sysfs = await sysfsWireless(ctx);

  const present: string[] = [];
  if (nm.activeWifi > 0) present.push("NetworkManager has an active Wi-Fi connection");
  if (iw.interfaces !== null && iw.interfaces > 0) present.push(`iw lists ${iw.interfaces} wireless interface(s)`);
  if (wext !== null && wext.length > 0) present.push(`/proc/net/wireless lists ${wext.join(", ")}`);
  if (sysfs.wlan.length > 0) present.push(`the kernel marks ${sysfs.wlan.join(", ")} as Wi-Fi (DEVTYPE=wlan)`);

  let wifiHardware: WifiHardware = "unknown";
  let wifiHardwareDetail = "Ward could not prove whether this computer has Wi-Fi";
  if (present.length > 0) {
    wifiHardware = "present";
    wifiHardwareDetail = present.join("; ");
  } else if (wext !== null && (sysfs.complete || iw.nl80211Missing || iw.interfaces === 0)) {
    // No interface is a Wi-Fi one by the kernel's own marks, and no wireless-extensions driver lists one either.
    wifiHardware = "absent";
    wifiHardwareDetail = [
      sysfs.complete ? `none of the ${sysfs.checked} network interfaces is marked DEVTYPE=wlan` : null,
      iw.nl80211Missing ? "the kernel has no nl80211 (no cfg80211 Wi-Fi stack loaded)" : null,
      iw.interfaces === 0 ? "iw lists no wireless interface" : null,
      "/proc/net/wireless is absent or lists none",
    ]
      .filter((s) => s !== null)
      .join("; ");
  }
  return { mechanisms: [nm.fact, iw.fact], wifiHardware, wifiHardwareDetail, configuredButInactive: [] };
}

async function networkManager(ctx: CollectContext): Promise<{ fact: MechanismFact; activeWifi: number }> {
  const id = "networkmanager";
  const out = await ctx.probe("linux.nmcli-active");
  if (!out.ok) {
    if (out.reason === "not_installed")
      return { fact: { id, state: "not_present", detail: "NetworkManager (nmcli) is not installed" }, activeWifi: 0 };
    if (out.reason === "failed" && saysNetworkManagerNotRunning(out.stderr ?? "")) {
      return {
        fact: { id, state: "not_present", detail: "NetworkManager is installed but not running" },
        activeWifi: 0,
      };
    }
    return { fact: { id, state: "unknown", detail: probeProblem(out) }, activeWifi: 0 };
  }
  const rows = parseNmcliConnections(out.text);
  if (!rows.ok) {
    ctx.noteError({ probe: "linux.nmcli-active", error: rows.error });
    return { fact: { id, state: "unknown", detail: rows.error }, activeWifi: 0 };
  }
  const wifi = rows.value.filter((c) => c.isWifi && c.device !== null).map((c) => c.uuid);
  const uuids = await ctx.qualifiers("linux.nmcli-mode", async () => wifi);
  if (uuids.length === 0)
    return { fact: { id, state: "inactive", detail: "no active Wi-Fi connection" }, activeWifi: 0 };
  if (uuids.length > MAX_WIFI_CONNECTIONS) {
    return {
      fact: { id, state: "unknown", detail: `${uuids.length} active Wi-Fi connections, more than Ward reads` },
      activeWifi: uuids.length,
    };
  }
  const hotspots: string[] = [];
  const problems: string[] = [];
  for (const uuid of uuids) {
    const mode = await ctx.probe("linux.nmcli-mode", uuid);
    if (!mode.ok) {
      problems.push(probeProblem(mode));
      continue;
    }
    const r = parseNmcliWifiMode(mode.text);
    if (!r.ok) {
      ctx.noteError({ probe: `linux.nmcli-mode@${uuid}`, error: r.error });
      problems.push(r.error);
    } else if (r.value.mode === "ap" || r.value.ipv4Method === "shared") {
      hotspots.push(`mode ${r.value.mode ?? "not shown"}, IPv4 method ${r.value.ipv4Method ?? "not shown"}`);
    } else if (r.value.mode === null) problems.push("nmcli did not show the connection's Wi-Fi mode");
  }
  const n = uuids.length;
  if (hotspots.length > 0)
    return {
      fact: { id, state: "active", detail: `active Wi-Fi hotspot connection (${hotspots.join("; ")})` },
      activeWifi: n,
    };
  if (problems.length > 0) return { fact: { id, state: "unknown", detail: problems.join("; ") }, activeWifi: n };
  return {
    fact: { id, state: "inactive", detail: `${n} active Wi-Fi connection(s), none an access point or shared` },
    activeWifi: n,
  };
}

async function iwDev(
  ctx: CollectContext,
): Promise<{ fact: MechanismFact; interfaces: number | null; nl80211Missing: boolean }> {
  const id = "iw";
  const out = await ctx.probe("linux.iw-dev");
  if (!out.ok) {
    if (out.reason === "not_installed")
      return {
        fact: { id, state: "tool_missing", detail: "iw is not installed" },
        interfaces: null,
        nl80211Missing: false,
      };
    if (out.reason === "failed" && saysNl80211Missing(out.stderr ?? "")) {
      return {
        fact: { id, state: "not_present", detail: "iw: nl80211 not found (no cfg80211 Wi-Fi stack loaded)" },
        interfaces: null,
        nl80211Missing: true,
      };
    }
    return { fact: { id, state: "unknown", detail: probeProblem(out) }, interfaces: null, nl80211Missing: false };
  }
  const r = parseIwDev(out.text);
  if (!r.ok) {
    ctx.noteError({ probe: "linux.iw-dev", error: r.error });
    return { fact: { id, state: "unknown", detail: r.error }, interfaces: null, nl80211Missing: false };
  }
  const aps = r.value.interfaces.filter((i) => isAccessPointType(i.type));
  const types = [...new Set(r.value.interfaces.map((i) => i.type ?? "type not shown"))].join(", ");
  const state = aps.length > 0 ? "active" : r.value.interfaces.some((i) => i.type === null) ? "unknown" : "inactive";
  const detail =
    aps.length > 0
      ? `iw shows ${aps.length} interface(s) of type AP`
      : `iw lists ${r.value.interfaces.length} wireless interface(s)${types ? ` (${types})` : ""}`;
  return { fact: { id, state, detail }, interfaces: r.value.interfaces.length, nl80211Missing: false };
}

/** Interface names listed in /proc/net/wireless ([] when the file is absent), or null when it could not be read. */
async function wirelessExtensions(ctx: CollectContext): Promise<string[] | null> {
  const out = await ctx.probe("linux.wireless-ifaces");
  if (!out.ok) return out.reason === "not_found" ? [] : null;
  const r = parseProcNetWireless(out.text);
  if (!r.ok) ctx.noteError({ probe: "linux.wireless-ifaces", error: r.error });
  return r.ok ? r.value : null;
}

async function sysfsWireless(ctx: CollectContext): Promise<{ wlan: string[]; complete: boolean; checked: number }> {
  const out = await ctx.probe("linux.net-dev");
  const names = out.ok ? parseProcNetDev(out.text) : null;
  if (names && !names.ok) ctx.noteError({ probe: "linux.net-dev", error: names.error });
  const listed = names?.ok ? names.value : [];
  const toRead = await ctx.qualifiers("linux.net-uevent", async () => listed);
  const wlan: string[] = [];
  const read = new Set<string>();
  for (const iface of toRead.slice(0, MAX_INTERFACES)) {
    const uevent = await ctx.probe("linux.net-uevent", iface);
    const r = uevent.ok ? parseUevent(uevent.text) : null;
    if (!r?.ok) continue;
    read.add(iface);
    if (r.value.devtype === "wlan") wlan.push(iface);
  }
  const complete =
    names?.ok === true && listed.length > 0 && listed.length <= MAX_INTERFACES && listed.every((n) => read.has(n));
  return { wlan, complete, checked: listed.length };
}
