// Windows probes: Mobile Hotspot through WinRT, the legacy hosted network, and netsh's Wi-Fi interface list.
import type { ProbeDefinition } from "../framework/probe.js";
import { NO_INTERNET_PROFILE } from "./parse-tethering-state.js";

/**
 * Windows PowerShell 5.1 (WinRT types are not loadable from PowerShell 7). It asks the tethering manager of the
 * internet connection profile for TetheringOperationalState and prints the enum by name (On, Off, InTransition,
 * Unknown); with no internet profile it prints NO_INTERNET_PROFILE. Any error stops the script with a non-zero exit.
 */
export const MOBILE_HOTSPOT_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "$null = [Windows.Networking.Connectivity.NetworkInformation,Windows.Networking.Connectivity,ContentType=WindowsRuntime]",
  "$null = [Windows.Networking.NetworkOperators.NetworkOperatorTetheringManager,Windows.Networking.NetworkOperators,ContentType=WindowsRuntime]",
  "$p = [Windows.Networking.Connectivity.NetworkInformation]::GetInternetConnectionProfile()",
  `if ($null -eq $p) { '${NO_INTERNET_PROFILE}'; exit 0 }`,
  "[Windows.Networking.NetworkOperators.NetworkOperatorTetheringManager]::CreateFromConnectionProfile($p).TetheringOperationalState",
].join("; ");

export const winMobileHotspotProbe: ProbeDefinition = {
  id: "win.mobile-hotspot",
  os: "windows",
  description: "Whether Windows Mobile Hotspot is on right now (WinRT NetworkOperatorTetheringManager).",
  spec: () => ({
    kind: "exec",
    file: "powershell.exe",
    args: ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", MOBILE_HOTSPOT_SCRIPT],
    timeoutMs: 30_000,
  }),
};

export const winHostedNetworkProbe: ProbeDefinition = {
  id: "win.hostednetwork",
  os: "windows",
  description: "Whether the legacy Wi-Fi hosted network (a software access point) is allowed and started.",
  spec: () => ({ kind: "exec", file: "netsh.exe", args: ["wlan", "show", "hostednetwork"], timeoutMs: 15_000 }),
};

export const winWlanInterfacesProbe: ProbeDefinition = {
  id: "win.wlan-interfaces",
  os: "windows",
  description: "The Wi-Fi interfaces Windows knows and its 'Hosted network status' line.",
  spec: () => ({ kind: "exec", file: "netsh.exe", args: ["wlan", "show", "interfaces"], timeoutMs: 15_000 }),
};

export const WINDOWS_PROBES = [winMobileHotspotProbe, winHostedNetworkProbe, winWlanInterfacesProbe] as const;
