// Hotspot and Wi-Fi security between cycles: looked at when the device's network addresses change, else a slow
// fallback poll; the resident agent reads the addresses itself every watch tick, so a quiet hour starts no process.
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import { EVENT_FALLBACK_POLL_MS, residentWatchOptions } from "../cli/commands/run-resident.js";
import { networkWatches, type WatchOptions } from "./agent-core.js";
import { Scheduler } from "./scheduler.js";
import { StepCore } from "./step-core.js";
import type { StepAnswer } from "./step-protocol.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("network watches", () => {
  it("are the hotspot and Wi-Fi security checks", () => {
    expect(networkWatches().sort()).toEqual(["hotspot", "wifi-security"]);
  });

  it("start no step while nothing changes, one for hotspot and Wi-Fi when the network does", async () => {
    const calls: string[][] = [];
    const first: StepAnswer = {
      ok: true,
      intervalMinutes: 15,
      watchIntervals: { "usb-storage": 60_000, hotspot: 300_000, "wifi-security": 300_000 },
      networkWatches: ["hotspot", "wifi-security"],
    };
    const core = new StepCore(
      {
        run: async (step, extra = []) => {
          calls.push([step, ...extra]);
          return { ok: true, ...(step === "cycle" ? { cycle: { seqs: [1], error: null } } : {}) };
        },
        idle: async () => undefined,
      },
      first,
    );
    const tick = (networkChanged: boolean) =>
      core.watch(residentWatchOptions({ networkChanged, network: core.networkWatches(), usbLive: true }));
    await core.cycle();
    for (let i = 0; i < 5; i++) await tick(false);
    await tick(true);
    await tick(false);
    expect(calls).toEqual([["cycle"], ["watch", "--only", "hotspot,wifi-security"]]);
    expect(residentWatchOptions({ networkChanged: false, network: ["hotspot"], usbLive: false })).toEqual({
      slower: { hotspot: EVENT_FALLBACK_POLL_MS },
    });
  });

  it("the scheduler says on the next watch tick that the addresses changed, once", async () => {
    let addresses = "wlan0:192.168.1.20";
    const seen: boolean[] = [];
    const scheduler = new Scheduler({
      core: {
        cycle: async () => [],
        deliver: async () => ({ sent: 0, accepted: 0, duplicate: 0, rejected: 0, remaining: 0, error: null }),
        syncPolicy: async () => null,
        watch: async (_o?: WatchOptions) => undefined,
      },
      log: memoryLogger(),
      intervalMinutes: async () => 15,
      jitterMs: 0,
      watchMs: 20,
      watchOptions: ({ networkChanged }) => {
        seen.push(networkChanged);
        return {};
      },
      networkSignature: () => addresses,
    });
    await scheduler.start();
    await sleep(70);
    addresses = "wlan0:10.0.0.7";
    await sleep(70);
    scheduler.stop();
    expect(seen.filter(Boolean)).toHaveLength(1);
    expect(seen.indexOf(true)).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(seen.indexOf(true) + 1);
  });
});
