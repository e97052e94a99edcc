// When the agent works: a cycle at start and every N minutes (+jitter), soon after wake or network return, USB watch between.
import { networkInterfaces } from "node:os";
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../../shared/logger.js";
import type { AgentCore } from "./agent-core.js";
import { releaseMemory } from "./release-memory.js";

export interface SchedulerOptions {
  core: AgentCore;
  log: Logger;
  /** Minutes between full cycles (config override, else the policy). */
  intervalMinutes: () => Promise<number>;
  jitterMs: number;
  watchMs: number;
  random?: () => number;
}

const DAY_MS = 86_400_000;
const SOON_MS = 30_000;
const MAX_RETRY_MS = 3600_000;

export class Scheduler {
  private task: ScheduledTask | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;
  private nextCycleAt = 0;
  private nextDeliveryAt = Number.POSITIVE_INFINITY;
  private lastPolicyAt = 0;
  private deliveryFailures = 0;
  private lastTick = Date.now();
  private netSignature = networkSignature();
  private stopped = false;
  private readonly random: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.random = o.random ?? Math.random;
  }

  /** Runs a cycle now, then keeps the schedule. */
  async start(): Promise<void> {
    // node-cron ticks once a minute; the tick decides what is due, so any interval and wake-ups are handled alike.
    this.task = cron.schedule("* * * * *", () => this.tick(), { noOverlap: true, name: "ward-agent-tick" });
    this.watchTimer = setInterval(() => void this.watchTick(), this.o.watchMs);
    await this.runCycle();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    if (now - this.lastPolicyAt >= DAY_MS) {
      this.lastPolicyAt = now;
      await this.o.core.syncPolicy();
    }
    if (now >= this.nextCycleAt) await this.runCycle();
    else if (now >= this.nextDeliveryAt) await this.deliver();
  }

  /** Every watch interval: the cheap USB poll, and noticing a wake from sleep or a network change. */
  private async watchTick(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    const slept = now - this.lastTick > 3 * this.o.watchMs;
    this.lastTick = now;
    const sig = networkSignature();
    const netChanged = sig !== this.netSignature;
    this.netSignature = sig;
    if (slept) {
      this.o.log.info("woke from sleep: checking again soon");
      this.soon(() => this.runCycle());
    } else if (netChanged) {
      this.o.log.info("network changed: delivering soon");
      this.deliveryFailures = 0;
      this.soon(() => this.deliver());
    }
    await this.o.core.watch();
  }

  private soon(step: () => Promise<void>): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      void step();
    }, SOON_MS + this.random() * SOON_MS);
  }

  private async runCycle(): Promise<void> {
    if (this.stopped) return;
    const minutes = await this.o.intervalMinutes();
    this.nextCycleAt = Date.now() + minutes * 60_000 + this.random() * this.o.jitterMs;
    try {
      await this.o.core.cycle();
    } catch (err) {
      this.o.log.error("check cycle failed", { reason: (err as Error).message });
    }
    await this.deliver();
    releaseMemory();
  }

  private async deliver(): Promise<void> {
    if (this.stopped) return;
    const out = await this.o.core.deliver();
    if (out.error === null) {
      this.deliveryFailures = 0;
      this.nextDeliveryAt = Number.POSITIVE_INFINITY;
      return;
    }
    // Exponential backoff with full jitter, capped at an hour, so a council's laptops do not retry in step.
    this.deliveryFailures++;
    const cap = Math.min(MAX_RETRY_MS, 60_000 * 2 ** (this.deliveryFailures - 1));
    this.nextDeliveryAt = Date.now() + cap / 2 + (this.random() * cap) / 2;
  }

  /** Idempotent: stops timers; work under way finishes (the caller waits for core.idle()). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.task?.destroy();
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.pending) clearTimeout(this.pending);
  }
}

function networkSignature(): string {
  const addrs: string[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal) addrs.push(`${name}:${a.address}`);
  }
  return addrs.sort().join(",");
}
