// The verify pool under worker faults: a worker that dies mid-check, and one that never answers, each fail only the
// checks they held (the request answers, the agent sends again) and are replaced, so the next check succeeds.
import { afterAll, describe, expect, it, vi } from "vitest";

// Workers as Node makes them, but one can be told to swallow its messages, as a worker stuck in a loop would.
const made = vi.hoisted(() => ({ workers: [] as { drop: boolean; terminate(): Promise<number> }[] }));
vi.mock("node:worker_threads", async (original) => {
  const real = await original<typeof import("node:worker_threads")>();
  class Watched extends real.Worker {
    drop = false;
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      made.workers.push(this);
    }
    override postMessage(...args: Parameters<InstanceType<typeof real.Worker>["postMessage"]>) {
      if (!this.drop) super.postMessage(...args);
    }
  }
  return { ...real, Worker: Watched, default: { ...real, Worker: Watched } };
});

import { generateEd25519KeyPair } from "../../shared/crypto/ed25519.js";
import { seal } from "../../shared/crypto/envelope.js";
import { createVerifyPool } from "./verify-pool.js";

describe("verify pool faults", () => {
  // Each test its own pool, so no check of one is still running on a worker of the other.
  const pools: ReturnType<typeof createVerifyPool>[] = [];
  const newPool = (deadlineMs = 1_500) => {
    const pool = createVerifyPool(2, deadlineMs);
    pools.push(pool);
    return pool;
  };
  afterAll(async () => {
    for (const pool of pools) await pool.close();
  });
  const keys = generateEd25519KeyPair();
  const envelopes = (n: number) =>
    Array.from({ length: n }, (_, i) => seal({ seq: i + 1, note: "x".repeat(500) }, keys));

  it("a worker that dies mid-check fails that check, and a fresh worker takes its place", async () => {
    const pool = newPool();
    expect(made.workers).toHaveLength(2);
    const check = pool.check(keys.publicKey, envelopes(400));
    void made.workers[0]!.terminate();
    await expect(check).rejects.toThrow(/signature worker exited/);
    expect(made.workers).toHaveLength(3);
    const next = await pool.check(keys.publicKey, envelopes(10));
    expect(next.map((c) => c.ok)).toEqual(Array(10).fill(true));
  });

  it("a worker working through a queue longer than the deadline is never taken for stuck", async () => {
    const before = made.workers.length;
    const pool = newPool(500);
    // 600 batches at once, of the same 50 envelopes: each worker has seconds of queue, one check answered every few ms.
    const batch = envelopes(50);
    const started = performance.now();
    const checks = await Promise.all(Array.from({ length: 600 }, () => pool.check(keys.publicKey, batch)));
    expect(checks.every((c) => c.length === 50 && c.every((r) => r.ok))).toBe(true);
    // The queue really was longer than the deadline (30,000 verifications on 2 cores: over a second), and no worker
    // was replaced.
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(made.workers.length).toBe(before + 2);
  });

  it("a worker that never answers is ended at the deadline, its check failed, and replaced", async () => {
    const before = made.workers.length;
    const pool = newPool();
    const live = made.workers.slice(before);
    for (const w of live) w.drop = true;
    await expect(pool.check(keys.publicKey, envelopes(10))).rejects.toThrow(
      /answered nothing for 1.5 s and was restarted/,
    );
    await vi.waitFor(() => expect(made.workers.length).toBe(before + 4), { timeout: 10_000 });
    const next = await pool.check(keys.publicKey, envelopes(10));
    expect(next.map((c) => c.ok)).toEqual(Array(10).fill(true));
  });
});
