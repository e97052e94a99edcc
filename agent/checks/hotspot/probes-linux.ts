// Linux probes: NetworkManager's active connections and their Wi-Fi mode, iw's interface types, and kernel lists.
import type { ProbeDefinition } from "../framework/probe.js";
import { isSafeInterfaceName } from "./parse-sysfs-net.js";

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const linuxNmcliActiveProbe: ProbeDefinition = {
  id: "linux.nmcli-active",
  os: "linux",
  description: "NetworkManager's active connections (terse NAME:UUID:TYPE:DEVICE).",
  spec: () => ({
    kind: "exec",
    file: "nmcli",
    args: ["-t", "-f", "NAME,UUID,TYPE,DEVICE", "connection", "show", "--active"],
    timeoutMs: 15_000,
  }),
};

/** Qualifier: an active Wi-Fi connection's UUID (checked, since it comes from the device and becomes an argument). */
export const linuxNmcliModeProbe: ProbeDefinition = {
  id: "linux.nmcli-mode",
  os: "linux",
  description: "One active Wi-Fi connection's mode (ap = hotspot) and IPv4 method (shared = connection sharing).",
  spec: (uuid) => {
    if (uuid === undefined || !UUID.test(uuid)) throw new Error("linux.nmcli-mode needs a connection UUID");
    return {
      kind: "exec",
      file: "nmcli",
      args: ["-t", "-f", "802-11-wireless.mode,ipv4.method", "connection", "show", "uuid", uuid],
      timeoutMs: 15_000,
    };
  },
};

export const linuxIwDevProbe: ProbeDefinition = {
  id: "linux.iw-dev",
  os: "linux",
  description: "The wireless interfaces nl80211 knows and their types (type AP = an access point).",
  spec: () => ({ kind: "exec", file: "iw", args: ["dev"], timeoutMs: 10_000 }),
};

export const linuxWirelessIfacesProbe: ProbeDefinition = {
  id: "linux.wireless-ifaces",
  os: "linux",
  description: "Interfaces whose driver supports wireless extensions (absent on kernels without them).",
  spec: () => ({ kind: "file", path: "/proc/net/wireless" }),
};

export const linuxNetDevProbe: ProbeDefinition = {
  id: "linux.net-dev",
  os: "linux",
  description: "Every network interface in this namespace (to look up each one's device type).",
  spec: () => ({ kind: "file", path: "/proc/net/dev" }),
};

/** Qualifier: an interface name from /proc/net/dev (checked: it becomes part of a path). */
export const linuxNetUeventProbe: ProbeDefinition = {
  id: "linux.net-uevent",
  os: "linux",
  description: "One interface's device type (DEVTYPE=wlan on every cfg80211 Wi-Fi interface).",
  spec: (iface) => {
    if (iface === undefined || !isSafeInterfaceName(iface)) throw new Error("linux.net-uevent needs an interface name");
    return { kind: "file", path: `/sys/class/net/${iface}/uevent` };
  },
};

export const LINUX_PROBES = [
  linuxNmcliActiveProbe,
  linuxNmcliModeProbe,
  linuxIwDevProbe,
  linuxWirelessIfacesProbe,
  linuxNetDevProbe,
  linuxNetUeventProbe,
] as const;
