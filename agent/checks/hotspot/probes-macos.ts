// macOS probes: the Internet Sharing preference (com.apple.nat.plist) and the NetworkSharing launchd service.
import type { ProbeDefinition } from "../framework/probe.js";

export const NAT_PLIST = "/Library/Preferences/SystemConfiguration/com.apple.nat.plist";

/** plutil prints the plist as XML whether it is stored as XML or binary (NAT > Enabled is 1 while sharing is on). */
export const macNatProbe: ProbeDefinition = {
  id: "mac.nat",
  os: "macos",
  description: "The Internet Sharing preference: NAT > Enabled in com.apple.nat.plist.",
  spec: () => ({
    kind: "exec",
    file: "/usr/bin/plutil",
    args: ["-convert", "xml1", "-o", "-", NAT_PLIST],
    timeoutMs: 10_000,
  }),
};

/** launchd's view of the service behind Internet Sharing ("state = running" while it runs). */
export const macSharingServiceProbe: ProbeDefinition = {
  id: "mac.sharing-service",
  os: "macos",
  description: "Whether the Internet Sharing service (com.apple.NetworkSharing) is running.",
  spec: () => ({
    kind: "exec",
    file: "/bin/launchctl",
    args: ["print", "system/com.apple.NetworkSharing"],
    timeoutMs: 10_000,
  }),
};

export const MACOS_PROBES = [macNatProbe, macSharingServiceProbe] as const;
