// Hotspot and Wi-Fi security between cycles: looked at when the device's network addresses change, else a slow
// fallback poll; the resident agent reads the addresses itself every watch tick, so a quiet hour starts no process.
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import { EVENT_FALLBACK_POLL_MS, residentWatchOptions } from "../cli/commands/run-resident.js";
import { networkWatches, type WatchOptions } from "./agent-core.js";
import { NETWORK_FORCE_GAP_MS, Scheduler } from "./scheduler.js";
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

  describe("forced watches (a watch tick each fake minute)", () => {
    /**
     * A scheduler whose monotonic clock moves a minute per watch tick: addresses(t) gives the network at minute t,
     * watch(t, forced) is each tick's watch (throw to fail it). Runs until `ticks` watch ticks have passed.
     */
    async function run(
      ticks: number,
      addresses: (minute: number) => string,
      watch: (minute: number, forced: boolean) => void,
    ) {
      let minute = 0;
      let seen = 0;
      const log = memoryLogger();
      const scheduler = new Scheduler({
        core: {
          cycle: async () => [],
          deliver: async () => ({ sent: 0, accepted: 0, duplicate: 0, rejected: 0, remaining: 0, error: null }),
          syncPolicy: async () => null,
          watch: async (o?: WatchOptions) => {
            const at = minute;
            minute++;
            seen++;
            watch(at, (o?.force ?? []).length > 0);
          },
        },
        log,
        intervalMinutes: async () => 24 * 60,
        jitterMs: 0,
        watchMs: 5,
        watchOptions: ({ networkChanged }) =>
          residentWatchOptions({ networkChanged, network: ["hotspot", "wifi-security"], usbLive: true }),
        networkSignature: () => addresses(minute),
        monotonic: () => minute * 60_000,
      });
      await scheduler.start();
      while (seen < ticks) await sleep(5);
      scheduler.stop();
      return log.lines;
    }

    it("a forced watch that fails is tried again at the next tick until one completes", async () => {
      const forced: string[] = [];
      let failures = 1;
      await run(
        10,
        (m) => (m < 2 ? "wlan0:192.168.1.20" : "wlan0:10.0.0.7"),
        (m, force) => {
          if (!force) return;
          forced.push(`${m}:${failures > 0 ? "failed" : "ok"}`);
          if (failures-- > 0) throw new Error("the watch step did not finish within 60 s and was stopped");
        },
      );
      expect(forced).toEqual(["2:failed", "3:ok"]);
    });

    it("one that keeps failing is tried 3 times, then left to the cycle and the regular poll, in plain words", async () => {
      const forced: number[] = [];
      const lines = await run(
        12,
        (m) => (m < 2 ? "wlan0:192.168.1.20" : "wlan0:10.0.0.7"),
        (m, force) => {
          if (!force) return;
          forced.push(m);
          throw new Error("the watch step ended with exit code 1 without an answer");
        },
      );
      expect(forced).toEqual([2, 3, 4]);
      expect(lines.filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
        "the network watch failed 3 times after a network change: hotspot and Wi-Fi are looked at by the next cycle or the regular poll",
      ]);
    });

    it("a flapping interface forces at most one watch per 5 minutes, and the last network is looked at", async () => {
      const forced: number[] = [];
      const gap = NETWORK_FORCE_GAP_MS / 60_000;
      // Addresses change at every tick from minute 2 to 19 (10.0.0.0, .1, .0, …), then stay.
      await run(
        30,
        (m) => `wlan0:10.0.0.${m >= 1 && m <= 19 ? m % 2 : 1}`,
        (m, force) => {
          if (force) forced.push(m);
        },
      );
      expect(gap).toBe(5);
      // Was 18 forced watches in 18 ticks. Minute 22's is the trailing one: the change at minute 19, looked at.
      expect(forced).toEqual([2, 7, 12, 17, 22]);
    });
  });
});
