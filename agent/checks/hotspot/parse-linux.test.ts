// Tests for the Linux parsers on real nmcli, iw and /proc outputs, and on captures from the Ward dev machine.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isAccessPointType, parseIwDev, saysNl80211Missing } from "./parse-iw-dev.js";
import { parseNmcliConnections, parseNmcliWifiMode, saysNetworkManagerNotRunning, splitTerse } from "./parse-nmcli.js";
import { isSafeInterfaceName, parseProcNetDev, parseProcNetWireless, parseUevent } from "./parse-sysfs-net.js";

const fx = (name: string) => readFileSync(new URL(`./fixtures/linux/${name}`, import.meta.url), "utf8");

describe("nmcli terse output", () => {
  it("unescapes '\\:' inside a field (nmcli's own test output)", () => {
    const [first] = fx("nmcli-terse-escaped-colons-nm-test.txt").split("\n");
    expect(splitTerse(first as string)).toEqual([
      "AP[1]",
      " ",
      "60:B3:25:25:E2:C8",
      "wlan0-ap-3",
      "Infra",
      "1",
      "54 Mbit/s",
      "55",
      "**  ",
      "WPA3",
    ]);
  });

  it("reads connection rows, drops names, and marks profiles that are not active", () => {
    const r = parseNmcliConnections(fx("nmcli-terse-connections-steamdeck-hotspot.txt"));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toHaveLength(6);
    expect(r.value[0]).toEqual({
      uuid: "e8c875d6-31a5-4ee7-a27d-dfe2b3ecc226",
      type: "802-11-wireless",
      device: "wlan0",
      isWifi: true,
    });
    expect(r.value[1]).toMatchObject({ type: "loopback", device: "lo", isWifi: false });
    expect(r.value.filter((c) => c.isWifi && c.device === null)).toHaveLength(4);
    expect(JSON.stringify(r.value)).not.toContain("DeckFileServer");
  });

  it("answers no rows for empty output and an error for rows of another shape", () => {
    expect(parseNmcliConnections("")).toEqual({ ok: true, value: [] });
    expect(parseNmcliConnections(fx("nmcli-terse-escaped-colons-nm-test.txt")).ok).toBe(false);
    expect(parseNmcliConnections("Home:not-a-uuid:802-11-wireless:wlan0\n").ok).toBe(false);
  });

  it("reads mode ap from a real hotspot profile (padded layout)", () => {
    expect(parseNmcliWifiMode(fx("nmcli-connection-show-ap-luelista-blog.txt"))).toEqual({
      ok: true,
      value: { mode: "ap", ipv4Method: "manual" },
    });
  });

  it("refuses output without either key", () => {
    expect(parseNmcliWifiMode(fx("nmcli-terse-connections-steamdeck-hotspot.txt")).ok).toBe(false);
    expect(parseNmcliWifiMode("").ok).toBe(false);
  });

  it("recognises nmcli's message when the daemon is not running", () => {
    expect(saysNetworkManagerNotRunning(fx("nmcli-daemon-not-running-nm-test.stderr.txt"))).toBe(true);
    expect(saysNetworkManagerNotRunning("Error: Could not create NMClient object.")).toBe(false);
  });
});

describe("parseIwDev", () => {
  it("reads two managed interfaces on two radios (tab-indented)", () => {
    const r = parseIwDev(fx("iw-dev-two-managed-wifiphisher-issue.txt"));
    expect(r).toEqual({
      ok: true,
      value: {
        phys: 2,
        interfaces: [
          { name: "wlan1", type: "managed" },
          { name: "wlan0", type: "managed" },
        ],
      },
    });
  });

  it("reads one managed interface (space-indented)", () => {
    expect(parseIwDev(fx("iw-dev-managed-create-ap-issue.txt"))).toEqual({
      ok: true,
      value: { phys: 1, interfaces: [{ name: "wlan0", type: "managed" }] },
    });
  });

  it("reads access points, ignoring the TXQ table", () => {
    const r = parseIwDev(fx("iw-dev-ap-mt76-issue-excerpt.txt"));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.phys).toBe(2);
    expect(r.value.interfaces.map((i) => [i.name, i.type])).toEqual([
      ["ath1.1", "AP"],
      ["ath1", "AP"],
      ["ath0.1", "AP"],
    ]);
    expect(r.value.interfaces.every((i) => isAccessPointType(i.type))).toBe(true);
    expect(isAccessPointType("managed")).toBe(false);
  });

  it("reads empty output as no interfaces and refuses unknown text", () => {
    expect(parseIwDev(fx("iw-dev-nl80211-not-found-devmachine.stdout.txt"))).toEqual({
      ok: true,
      value: { phys: 0, interfaces: [] },
    });
    expect(parseIwDev("command failed: Operation not supported (-95)\n").ok).toBe(false);
  });

  it("recognises iw's message on a kernel without nl80211 (dev machine capture)", () => {
    expect(saysNl80211Missing(fx("iw-dev-nl80211-not-found-devmachine.stderr.txt"))).toBe(true);
    expect(saysNl80211Missing("")).toBe(false);
  });
});

describe("kernel interface lists", () => {
  it.each([
    ["proc-net-wireless-netdata-issue.txt", ["wlp5s0"]],
    ["proc-net-wireless-rpicheck-issue.txt", ["wlan0"]],
    ["proc-net-wireless-procfs-issue.txt", ["wlo1"]],
  ])("reads %s", (file, names) => {
    expect(parseProcNetWireless(fx(file))).toEqual({ ok: true, value: names });
  });

  it("reads the header alone as no interfaces and refuses other text", () => {
    const headerOnly = fx("proc-net-wireless-rpicheck-issue.txt").split("\n").slice(0, 2).join("\n");
    expect(parseProcNetWireless(headerOnly)).toEqual({ ok: true, value: [] });
    expect(parseProcNetWireless("wlan0: 0000 1 2 3\n").ok).toBe(false);
  });

  it("reads every interface of the dev machine from /proc/net/dev", () => {
    expect(parseProcNetDev(fx("proc-net-dev-devmachine.txt"))).toEqual({
      ok: true,
      value: ["lo", "ifb0", "ifb1", "eth0"],
    });
  });

  it("refuses interface names that could escape /sys/class/net", () => {
    expect(isSafeInterfaceName("../etc")).toBe(false);
    expect(isSafeInterfaceName("..")).toBe(false);
    expect(isSafeInterfaceName("wlp0s20f3")).toBe(true);
    const hostile = fx("proc-net-dev-devmachine.txt").replace("  eth0:", "a/b:");
    expect(parseProcNetDev(hostile).ok).toBe(false);
  });

  it.each(["lo", "eth0", "ifb0", "ifb1"])("reads the dev machine's %s uevent: no DEVTYPE", (iface) => {
    expect(parseUevent(fx(`sys-class-net-${iface}-uevent-devmachine.txt`))).toEqual({
      ok: true,
      value: { devtype: null },
    });
  });

  it("refuses a uevent file without INTERFACE=", () => {
    expect(parseUevent("").ok).toBe(false);
  });
});
