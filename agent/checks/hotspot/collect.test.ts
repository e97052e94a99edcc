// Tests for collect() per OS through the framework's context, on real captured outputs, then evaluate on the facts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { OsPlatform } from "../../../shared/schemas/control.js";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { createContext, inMemoryStore, type MemoryStore } from "../framework/context.js";
import type { ProbeOutcome } from "../framework/probe.js";
import { mapSource } from "../framework/replay-source.js";
import { allProbes } from "../registry.js";
import { hotspotCheck, markHotspotReportedUpTo } from "./index.js";

const fx = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), "utf8");
type Outputs = Parameters<typeof mapSource>[1];

/** A context answered from captured outputs; `outcomes` stands in for answers a map cannot give (not installed, no file). */
async function run(
  os: OsPlatform,
  outputs: Outputs,
  outcomes: Record<string, ProbeOutcome> = {},
  memory: MemoryStore = inMemoryStore(),
  now = new Date("2026-11-22T09:00:00Z"),
) {
  const replay = mapSource(os, outputs);
  const ctx = createContext({
    control: "hotspot",
    source: {
      ...replay,
      run: async (probe, q) => outcomes[q === undefined ? probe.id : `${probe.id}@${q}`] ?? replay.run(probe, q),
    },
    probes: allProbes(),
    memory,
    now,
    cache: new Map(),
    errors: [],
  });
  const facts = await hotspotCheck.collect(ctx);
  return { facts, verdict: hotspotCheck.evaluate(facts, DEFAULT_POLICY, os) };
}

const notInstalled = (file: string): ProbeOutcome => ({ ok: false, reason: "not_installed", error: `${file}: ENOENT` });

describe("collect on Windows", () => {
  const interfaces = fx("windows/netsh-interfaces-connected-wifisitesurveyor.txt");
  const notStarted = fx("windows/netsh-hostednetwork-not-started-wifisitesurveyor.txt");

  it("passes with Mobile Hotspot off and a hosted network set up but not started", async () => {
    const { facts, verdict } = await run("windows", {
      "win.mobile-hotspot": "Off\r\n",
      "win.hostednetwork": notStarted,
      "win.wlan-interfaces": interfaces,
    });
    expect(verdict.status).toBe("pass");
    expect(facts.configuredButInactive).toEqual(["The Windows hosted network is allowed (set up) but not started."]);
    expect(facts.wifiHardware).toBe("present");
  });

  it("fails on a started hosted network, keeps failing after it stops, and clears once the report is delivered", async () => {
    const memory = inMemoryStore();
    const started = fx("windows/netsh-hostednetwork-started-mundosica.txt");
    const first = await run(
      "windows",
      { "win.mobile-hotspot": "Off", "win.hostednetwork": started, "win.wlan-interfaces": interfaces },
      {},
      memory,
    );
    expect(first.verdict.status).toBe("fail");
    expect(first.verdict.summary).toContain("right now (the Windows hosted network)");

    const later = new Date("2026-11-22T09:15:00Z");
    const second = await run(
      "windows",
      { "win.mobile-hotspot": "Off", "win.hostednetwork": notStarted, "win.wlan-interfaces": interfaces },
      {},
      memory,
      later,
    );
    expect(second.verdict.status).toBe("fail");
    expect(second.verdict.summary).toContain("since the last report");

    memory.set("hotspot", markHotspotReportedUpTo(memory.get("hotspot"), later));
    const third = await run(
      "windows",
      { "win.mobile-hotspot": "Off", "win.hostednetwork": notStarted, "win.wlan-interfaces": interfaces },
      {},
      memory,
      later,
    );
    expect(third.verdict.status).toBe("pass");
  });

  it("records a sighting from the watch between cycles, reported by the next cycle", async () => {
    const memory = inMemoryStore();
    const ctx = createContext({
      control: "hotspot",
      source: mapSource("windows", {
        "win.mobile-hotspot": "On",
        "win.hostednetwork": notStarted,
        "win.wlan-interfaces": interfaces,
      }),
      probes: allProbes(),
      memory,
      now: new Date("2026-11-22T09:05:00Z"),
      cache: new Map(),
      errors: [],
    });
    await hotspotCheck.watch?.poll(ctx);
    await hotspotCheck.watch?.poll(ctx); // a second tick within 5 minutes runs no probe
    expect(memory.get("hotspot").lastWatchAt).toBe("2026-11-22T09:05:00.000Z");
    const cycle = await run(
      "windows",
      { "win.mobile-hotspot": "Off", "win.hostednetwork": notStarted, "win.wlan-interfaces": interfaces },
      {},
      memory,
    );
    expect(cycle.verdict.status).toBe("fail");
    expect(cycle.facts.sighting?.mechanisms).toEqual(["windows-mobile-hotspot"]);
  });

  it("fails on Mobile Hotspot On", async () => {
    const { verdict } = await run("windows", {
      "win.mobile-hotspot": "On",
      "win.hostednetwork": notStarted,
      "win.wlan-interfaces": interfaces,
    });
    expect(verdict.status).toBe("fail");
  });

  it("answers unknown when the Mobile Hotspot script fails", async () => {
    const { verdict } = await run("windows", {
      "win.mobile-hotspot": { text: "", exitCode: 1, stderr: "Access is denied." },
      "win.hostednetwork": notStarted,
      "win.wlan-interfaces": interfaces,
    });
    expect(verdict.status).toBe("unknown");
  });

  it("answers unknown on French netsh output with nothing else to go on", async () => {
    const { facts, verdict } = await run("windows", {
      "win.mobile-hotspot": "Off",
      "win.hostednetwork": fx("windows/netsh-hostednetwork-french-netify-jump-issue.txt"),
    });
    expect(facts.mechanisms.find((m) => m.id === "windows-hosted-network")?.state).toBe("unknown");
    expect(verdict.status).toBe("unknown");
  });
});

describe("collect on Linux", () => {
  const steamDeckUuid = "e8c875d6-31a5-4ee7-a27d-dfe2b3ecc226";
  const devMachineSysfs: Outputs = {
    "linux.net-dev": fx("linux/proc-net-dev-devmachine.txt"),
    ...Object.fromEntries(
      ["lo", "eth0", "ifb0", "ifb1"].map((i) => [
        `linux.net-uevent@${i}`,
        fx(`linux/sys-class-net-${i}-uevent-devmachine.txt`),
      ]),
    ),
  };
  const noWirelessFile: ProbeOutcome = { ok: false, reason: "not_found", error: "/proc/net/wireless does not exist" };

  it("fails on a NetworkManager connection in access point mode", async () => {
    const { facts, verdict } = await run(
      "linux",
      {
        "linux.nmcli-active": fx("linux/nmcli-terse-connections-steamdeck-hotspot.txt"),
        [`linux.nmcli-mode@${steamDeckUuid}`]: fx("linux/nmcli-connection-show-ap-luelista-blog.txt"),
      },
      { "linux.iw-dev": notInstalled("iw") },
    );
    expect(facts.mechanisms.find((m) => m.id === "networkmanager")?.state).toBe("active");
    expect(facts.wifiHardware).toBe("present");
    expect(verdict.status).toBe("fail");
  });

  it("answers not_applicable on the dev machine's captures: NetworkManager not running, no nl80211, no Wi-Fi interface", async () => {
    const { facts, verdict } = await run(
      "linux",
      {
        "linux.nmcli-active": {
          text: "",
          exitCode: 8,
          stderr: fx("linux/nmcli-daemon-not-running-nm-test.stderr.txt"),
        },
        "linux.iw-dev": {
          text: fx("linux/iw-dev-nl80211-not-found-devmachine.stdout.txt"),
          exitCode: 1,
          stderr: fx("linux/iw-dev-nl80211-not-found-devmachine.stderr.txt"),
        },
        ...devMachineSysfs,
      },
      { "linux.wireless-ifaces": noWirelessFile },
    );
    expect(facts.mechanisms.map((m) => [m.id, m.state])).toEqual([
      ["networkmanager", "not_present"],
      ["iw", "not_present"],
    ]);
    expect(facts.wifiHardware).toBe("absent");
    expect(verdict.status).toBe("not_applicable");
  });

  it("answers unknown when nothing can see Wi-Fi and the interface list is unreadable", async () => {
    const { verdict } = await run(
      "linux",
      {},
      {
        "linux.nmcli-active": notInstalled("nmcli"),
        "linux.iw-dev": notInstalled("iw"),
        "linux.wireless-ifaces": noWirelessFile,
      },
    );
    expect(verdict.status).toBe("unknown");
    expect(verdict.summary).toContain("neither NetworkManager nor iw is installed");
  });

  it("does not call Wi-Fi absent when one interface's type could not be read", async () => {
    const partial = Object.fromEntries(
      Object.entries(devMachineSysfs).filter(([key]) => key !== "linux.net-uevent@lo"),
    );
    const { facts } = await run("linux", partial, {
      "linux.nmcli-active": notInstalled("nmcli"),
      "linux.iw-dev": notInstalled("iw"),
      "linux.wireless-ifaces": noWirelessFile,
    });
    expect(facts.wifiHardware).toBe("unknown");
  });

  it("fails on an iw access point without NetworkManager", async () => {
    const { verdict } = await run(
      "linux",
      { "linux.iw-dev": fx("linux/iw-dev-ap-mt76-issue-excerpt.txt") },
      { "linux.nmcli-active": notInstalled("nmcli") },
    );
    expect(verdict.status).toBe("fail");
  });

  it("passes on managed interfaces only, with iw alone when NetworkManager is not installed", async () => {
    const { facts, verdict } = await run(
      "linux",
      {
        "linux.iw-dev": fx("linux/iw-dev-two-managed-wifiphisher-issue.txt"),
        "linux.wireless-ifaces": fx("linux/proc-net-wireless-netdata-issue.txt"),
      },
      { "linux.nmcli-active": notInstalled("nmcli") },
    );
    expect(facts.wifiHardware).toBe("present");
    expect(verdict.status).toBe("pass");
  });
});

describe("collect on macOS", () => {
  it("never passes: both probes are run but no Mac output has been verified", async () => {
    const { facts, verdict } = await run("macos", {}, { "mac.nat": { ok: true, text: "", stderr: "", exitCode: 0 } });
    expect(facts.mechanisms.every((m) => m.state === "unknown")).toBe(true);
    expect(verdict.status).toBe("unknown");
  });
});
