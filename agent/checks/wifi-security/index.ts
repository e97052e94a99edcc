// The wifi-security control: the security type of the joined Wi-Fi network, with insecure networks kept as sightings.
//
// Like hotspot sightings: an open or WEP network seen now or by the watch (on a network change between cycles) is kept
// in memory and reported (fail) until a report carrying it is delivered, so a café network joined for twenty minutes
// between two cycles is still reported. Only the security type is kept, never the network's name.
import { wifiSecurity as wifiSecurityDescription } from "../../../shared/controls/wifi-security.js";
import { defineCheck } from "../framework/check.js";
import { winWlanInterfacesProbe } from "../hotspot/probes-windows.js";
import { LINUX_PROBES } from "../hotspot/probes-linux.js";
import { markReportedUpTo } from "../hotspot/sighting.js";
import type { ProbeDefinition } from "../framework/probe.js";
import { collectWifi } from "./collect.js";
import { evaluateWifi } from "./evaluate.js";
import type { WifiFacts } from "./facts.js";

const WATCH_INTERVAL_MS = 5 * 60_000;

/** macOS: the Wi-Fi interfaces with their status and the joined network's `spairport_security_mode` (JSON). */
export const macAirportProbe: ProbeDefinition = {
  id: "mac.airport",
  os: "macos",
  description: "The Wi-Fi interfaces and the security mode of the network joined.",
  spec: () => ({
    kind: "exec",
    file: "/usr/sbin/system_profiler",
    args: ["SPAirPortDataType", "-json"],
    timeoutMs: 30_000,
  }),
};

/** Linux: NetworkManager's cached list (no new scan); the row marked `*` is the network in use. */
export const linuxNmcliWifiProbe: ProbeDefinition = {
  id: "linux.nmcli-wifi",
  os: "linux",
  description: "NetworkManager's list of Wi-Fi networks; the one in use is marked and only its security is kept.",
  spec: () => ({ kind: "exec", file: "nmcli", args: ["device", "wifi", "list", "--rescan", "no"], timeoutMs: 15_000 }),
};

export const wifiSecurityCheck = defineCheck<WifiFacts>({
  control: "wifi-security",
  title: wifiSecurityDescription.title,
  probes: [winWlanInterfacesProbe, macAirportProbe, linuxNmcliWifiProbe, ...LINUX_PROBES],
  collect: collectWifi,
  evaluate: evaluateWifi,
  onReported: markReportedUpTo,
  watch: {
    intervalMs: WATCH_INTERVAL_MS,
    // The daemon decides when (every interval, or on a network change with a slow fallback poll): always look.
    onNetworkChange: true,
    async poll(ctx) {
      await collectWifi(ctx);
      ctx.memory.set({ ...ctx.memory.get(), lastWatchAt: ctx.now.toISOString() });
    },
  },
});
