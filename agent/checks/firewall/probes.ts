// Firewall probes: Windows profiles and Security Center, the macOS application firewall, Linux ufw/firewalld/nft/iptables.
import type { ProbeDefinition } from "../framework/probe.js";

const PS = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command"] as const;

/** Third-party firewalls register with Security Center (Windows' own firewall does not appear in this class). */
export const FIREWALL_PRODUCTS_SCRIPT =
  "$ErrorActionPreference = 'Stop'; " +
  "Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | " +
  "Format-List displayName, productState | Out-String -Width 4096";

/** "<Domain|Private|Public> Profile Settings:" blocks with "State  ON|OFF" (English labels; others answer unknown). */
export const winFirewallProfilesProbe: ProbeDefinition = {
  id: "win.firewall-profiles",
  os: "windows",
  description: "Whether Windows Defender Firewall is on for the domain, private and public profiles.",
  spec: () => ({
    kind: "exec",
    file: "netsh.exe",
    args: ["advfirewall", "show", "allprofiles", "state"],
    timeoutMs: 15_000,
  }),
};

export const winFirewallProductsProbe: ProbeDefinition = {
  id: "win.firewall-products",
  os: "windows",
  description: "Third-party firewalls registered with Windows Security Center and whether they are on.",
  spec: () => ({ kind: "exec", file: "powershell.exe", args: [...PS, FIREWALL_PRODUCTS_SCRIPT], timeoutMs: 30_000 }),
};

/** "Firewall is enabled. (State = 1)"; State 2 blocks all incoming connections; State 0 is off. */
export const macSocketfilterfwProbe: ProbeDefinition = {
  id: "mac.socketfilterfw",
  os: "macos",
  description: "Whether the macOS application firewall is on.",
  spec: () => ({
    kind: "exec",
    file: "/usr/libexec/ApplicationFirewall/socketfilterfw",
    args: ["--getglobalstate"],
    timeoutMs: 10_000,
  }),
};

/** First line "Status: active" or "Status: inactive"; needs root ("ERROR: You need to be root"). */
export const linuxUfwProbe: ProbeDefinition = {
  id: "linux.ufw-status",
  os: "linux",
  description: "Whether ufw is active.",
  spec: () => ({ kind: "exec", file: "ufw", args: ["status"], timeoutMs: 15_000 }),
};

/** "running" (exit 0) or "not running" (exit 252). */
export const linuxFirewalldProbe: ProbeDefinition = {
  id: "linux.firewalld-state",
  os: "linux",
  description: "Whether firewalld is running.",
  spec: () => ({ kind: "exec", file: "firewall-cmd", args: ["--state"], okExitCodes: [0, 252], timeoutMs: 15_000 }),
};

/**
 * The whole nftables ruleset (root only): an input-hook chain with "policy drop" (or ending in a catch-all drop) is a
 * default-drop firewall; input chains that accept with no rules (Debian's stock table) are no firewall.
 */
export const linuxNftProbe: ProbeDefinition = {
  id: "linux.nft-ruleset",
  os: "linux",
  description: "The nftables ruleset: whether incoming traffic is dropped by default.",
  spec: () => ({ kind: "exec", file: "nft", args: ["list", "ruleset"], timeoutMs: 15_000 }),
};

/** "-P INPUT DROP|ACCEPT" then "-A INPUT …" rules (root only). */
export const linuxIptablesProbe: ProbeDefinition = {
  id: "linux.iptables-input",
  os: "linux",
  description: "The iptables INPUT chain: its default policy and rules.",
  spec: () => ({ kind: "exec", file: "iptables", args: ["-S", "INPUT"], timeoutMs: 15_000 }),
};

export const FIREWALL_PROBES = [
  winFirewallProfilesProbe,
  winFirewallProductsProbe,
  macSocketfilterfwProbe,
  linuxUfwProbe,
  linuxFirewalldProbe,
  linuxNftProbe,
  linuxIptablesProbe,
] as const;
