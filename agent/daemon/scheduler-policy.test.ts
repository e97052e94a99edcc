// The daily policy refresh: a delivery whose answers named the policy the agent holds counts as one (no extra step).
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import type { DeliveryOutcome } from "./deliver.js";
import { Scheduler } from "./scheduler.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refreshesAfterStart(delivery: Partial<DeliveryOutcome>): Promise<number> {
  let refreshes = 0;
  const scheduler = new Scheduler({
    core: {
      cycle: async () => [],
      deliver: async () => ({
        sent: 1,
        accepted: 1,
        duplicate: 0,
        rejected: 0,
        remaining: 0,
        error: null,
        ...delivery,
      }),
      syncPolicy: async () => {
        refreshes++;
        return null;
      },
      watch: async () => undefined,
    },
    log: memoryLogger(),
    intervalMinutes: async () => 15,
    jitterMs: 0,
    watchMs: 600_000,
    tickMs: 20,
  });
  await scheduler.start();
  await sleep(120);
  scheduler.stop();
  return refreshes;
}

describe("the daily policy refresh", () => {
  it("is not run after a delivery that confirmed the council's policy", async () => {
    expect(await refreshesAfterStart({ policyVersion: 3, policyConfirmed: true })).toBe(0);
  });

  it("still runs when the collector named no policy, or a newer one could not be fetched", async () => {
    expect(await refreshesAfterStart({ policyVersion: null })).toBe(1);
    expect(await refreshesAfterStart({ policyVersion: 4, policyConfirmed: false })).toBe(1);
  });
});
