// When the agent works: a cycle at start and every N minutes (+jitter), soon after wake or network return, USB watch between.
// Time here is monotonic (performance.now()): a wall clock stepped back or forward never stops or bunches the cycles;
// wall time is only for reports. No step's failure (full disk, unreadable file) ever escapes: it is logged and retried.
import { networkInterfaces } from "node:os";
import { performance } from "node:perf_hooks";
import type { Logger } from "../../shared/logger.js";
import type { AgentCore, WatchOptions } from "./agent-core.js";
import { releaseMemory } from "./release-memory.js";

export interface SchedulerOptions {
  core: Pick<AgentCore, "cycle" | "deliver" | "syncPolicy" | "watch">;
  log: Logger;
  /** Minutes between full cycles (config override, else the policy). */
  intervalMinutes: () => Promise<number>;
  jitterMs: number;
  watchMs: number;
  /**
   * Per tick: how the watch should run (USB polled rarely while its events are live; the network watches forced when
   * the device's addresses changed since the last tick, and polled rarely otherwise).
   */
  watchOptions?: (tick: { networkChanged: boolean }) => WatchOptions;
  random?: () => number;
  /** Monotonic milliseconds (tests inject one); default performance.now(). */
  monotonic?: () => number;
  /** Wall-clock milliseconds, only to notice a sleep (the monotonic clock may stand still while suspended). */
  wall?: () => number;
  /** The device's network addresses as one string (tests inject one); default os.networkInterfaces(). */
  networkSignature?: () => string;
  /** How often the scheduler looks at what is due (default a minute). */
  tickMs?: number;
  /** At most one forced network watch per this many milliseconds (default NETWORK_FORCE_GAP_MS). */
  networkForceGapMs?: number;
}

const DAY_MS = 86_400_000;
const SOON_MS = 30_000;
/** After a new policy arrives: check again this soon (a second, so the delivery that fetched it has finished). */
const POLICY_CYCLE_DELAY_MS = 1000;
const MAX_RETRY_MS = 3600_000;
/** After a failed cycle (e.g. a full disk) the next one comes sooner than the interval, backing off to the interval. */
const CYCLE_RETRY_MS = 60_000;
/**
 * A flapping interface (a weak signal, a VPN reconnecting) would otherwise force a watch step on every tick: at most
 * one per 5 minutes, and a change seen meanwhile is looked at when they are up, so the last network is always seen.
 */
export const NETWORK_FORCE_GAP_MS = 5 * 60_000;
/** A forced network watch that fails (a step killed at its budget) is tried again at the next ticks, this many times. */
const NETWORK_FORCE_TRIES = 3;

export class Scheduler {
  private tickTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;
  private policyCycle: NodeJS.Timeout | null = null;
  private nextCycleAt = 0;
  private nextDeliveryAt = Number.POSITIVE_INFINITY;
  private lastPolicyAt: number;
  private deliveryFailures = 0;
  private cycleFailures = 0;
  private lastMono: number;
  private lastWall: number;
  private netSignature: string;
  /** A network change not yet looked at by a watch that finished (or a cycle that began after it). */
  private netPending = false;
  private netChangedAt = Number.NEGATIVE_INFINITY;
  private nextNetForceAt = Number.NEGATIVE_INFINITY;
  private netFailures = 0;
  private readonly signature: () => string;
  private stopped = false;
  private ticking = false;
  private watching = false;
  private readonly random: () => number;
  private readonly mono: () => number;
  private readonly wall: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.random = o.random ?? Math.random;
    this.mono = o.monotonic ?? (() => performance.now());
    this.wall = o.wall ?? (() => Date.now());
    this.signature = o.networkSignature ?? networkSignature;
    this.netSignature = this.signature();
    this.lastMono = this.mono();
    this.lastWall = this.wall();
    this.lastPolicyAt = this.lastMono - DAY_MS;
  }

  /** Runs a cycle now, then keeps the schedule. */
  async start(): Promise<void> {
    this.tickTimer = setInterval(() => void this.tick(), this.o.tickMs ?? 60_000);
    this.watchTimer = setInterval(() => void this.watchTick(), this.o.watchMs);
    await this.runCycle();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.ticking) return;
    this.ticking = true;
    try {
      const now = this.mono();
      if (now - this.lastPolicyAt >= DAY_MS) {
        this.lastPolicyAt = now;
        await this.guard("policy refresh", () => this.o.core.syncPolicy());
      }
      if (now >= this.nextCycleAt) await this.runCycle();
      else if (now >= this.nextDeliveryAt) await this.deliver();
    } finally {
      this.ticking = false;
    }
  }

  /** Every watch interval: the cheap USB poll, and noticing a wake from sleep or a network change. */
  private async watchTick(): Promise<void> {
    if (this.stopped || this.watching) return;
    this.watching = true;
    try {
      const mono = this.mono();
      const wall = this.wall();
      // Suspended: wall time moved on while the monotonic clock (which may stop in sleep) did not.
      const slept = wall - this.lastWall - (mono - this.lastMono) > 3 * this.o.watchMs;
      this.lastMono = mono;
      this.lastWall = wall;
      const sig = this.signature();
      const netChanged = sig !== this.netSignature;
      this.netSignature = sig;
      if (slept) {
        this.o.log.info("woke from sleep (or the clock moved forward): checking again soon");
        this.soon(() => this.runCycle());
      } else if (netChanged) {
        this.o.log.info("network changed: delivering soon");
        this.deliveryFailures = 0;
        this.soon(() => this.deliver());
        this.netPending = true;
        this.netChangedAt = mono;
      }
      // After a sleep the cycle soon looks at everything; a network change is looked at now (a café's open Wi-Fi),
      // unless a forced watch ran less than the gap ago: then when the gap is up.
      const force = this.netPending && !slept && mono >= this.nextNetForceAt;
      const options = this.o.watchOptions?.({ networkChanged: force });
      const ok = await this.guard("watch", async () => {
        await this.o.core.watch(options);
        return true;
      });
      if (force) this.forcedWatchDone(ok === true, mono);
    } finally {
      this.watching = false;
    }
  }

  /** A forced network watch ended: done until the next change, or tried again at the next ticks (a few times). */
  private forcedWatchDone(ok: boolean, at: number): void {
    // (No tick reads the addresses while a watch runs: a change during it is noticed, and owed, at the next tick.)
    if (ok || ++this.netFailures >= NETWORK_FORCE_TRIES) {
      if (!ok) {
        this.o.log.warn(
          `the network watch failed ${NETWORK_FORCE_TRIES} times after a network change: hotspot and Wi-Fi are looked at by the next cycle or the regular poll`,
        );
      }
      this.netPending = false;
      this.netFailures = 0;
      this.nextNetForceAt = at + (this.o.networkForceGapMs ?? NETWORK_FORCE_GAP_MS);
    }
  }

  private soon(step: () => Promise<void>): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(
      () => {
        this.pending = null;
        void step();
      },
      SOON_MS + this.random() * SOON_MS,
    );
  }

  /** A cycle right after the step under way (not inside it: this is called from the delivery that ends a cycle). */
  private cycleNow(): void {
    if (this.stopped || this.policyCycle) return;
    this.policyCycle = setTimeout(() => {
      this.policyCycle = null;
      void this.runCycle();
    }, POLICY_CYCLE_DELAY_MS);
  }

  private async runCycle(): Promise<void> {
    if (this.stopped) return;
    const minutes = (await this.guard("reading the interval", () => this.o.intervalMinutes())) ?? 15;
    const intervalMs = minutes * 60_000;
    this.nextCycleAt = this.mono() + intervalMs + this.random() * this.o.jitterMs;
    const startedAt = this.mono();
    const ok = await this.guard("check cycle", () => this.o.core.cycle());
    // The cycle looked at hotspot and Wi-Fi after the last change noticed: no forced watch is still owed for it.
    if (ok !== undefined && this.netChangedAt < startedAt) {
      this.netPending = false;
      this.netFailures = 0;
    }
    if (ok === undefined) {
      // Try again sooner than the interval (the disk may be freed), doubling up to the interval itself.
      this.cycleFailures++;
      this.nextCycleAt = this.mono() + Math.min(intervalMs, CYCLE_RETRY_MS * 2 ** (this.cycleFailures - 1));
    } else {
      this.cycleFailures = 0;
    }
    // Delivery goes on whatever the cycle did: reports already in the spool still need sending.
    await this.deliver();
    releaseMemory();
  }

  private async deliver(): Promise<void> {
    if (this.stopped) return;
    const out = await this.guard("delivery", () => this.o.core.deliver());
    // The collector named the council's policy and the agent holds it: as good as the daily refresh (no step for it).
    if (out?.policyConfirmed) this.lastPolicyAt = this.mono();
    if (out?.policyUpdated) {
      // A new policy (say an approved USB stick): judge the laptop by it now, not at the next interval.
      this.o.log.info("policy changed: checking again now");
      this.cycleNow();
    }
    if (out && out.error === null) {
      this.deliveryFailures = 0;
      this.nextDeliveryAt = Number.POSITIVE_INFINITY;
      return;
    }
    // Exponential backoff with full jitter, capped at an hour, so a council's laptops do not retry in step.
    this.deliveryFailures++;
    const cap = Math.min(MAX_RETRY_MS, 60_000 * 2 ** (this.deliveryFailures - 1));
    this.nextDeliveryAt = this.mono() + cap / 2 + (this.random() * cap) / 2;
  }

  /** Runs a step; a failure is logged in plain words and becomes undefined, never an unhandled rejection. */
  private async guard<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      this.o.log.error(`${what} failed; the agent keeps running and tries again`, { reason: plainReason(err) });
      return undefined;
    }
  }

  /** Idempotent: stops timers; work under way finishes (the caller waits for core.idle()). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.pending) clearTimeout(this.pending);
    if (this.policyCycle) clearTimeout(this.policyCycle);
  }
}

/** What went wrong, in words a clerk or support can act on (a full disk is the common one). */
export function plainReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === "ENOSPC") return `the disk is full (${e.path ?? e.message}): free some space; reports wait meanwhile`;
  if (e?.code === "EACCES" || e?.code === "EPERM")
    return `Ward may not write ${e.path ?? "its files"}: check the permissions of its state folder`;
  if (e?.code === "EROFS") return `the disk is read-only (${e.path ?? e.message})`;
  return e?.message ?? String(err);
}

function networkSignature(): string {
  const addrs: string[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal) addrs.push(`${name}:${a.address}`);
  }
  return addrs.sort().join(",");
}
