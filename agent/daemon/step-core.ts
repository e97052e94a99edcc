// The resident agent's side of the scheduler's core: each step runs in a step process; only timing state stays here.
import { performance } from "node:perf_hooks";
import type { AgentCore, DeliveryOutcome, WatchOptions } from "./agent-core.js";
import type { StepAnswer, StepName } from "./step-protocol.js";

export interface StepRunner {
  run(step: StepName, extra?: readonly string[]): Promise<StepAnswer>;
  idle(): Promise<void>;
}

/**
 * What the Scheduler drives, backed by step processes. A cycle step also delivers (one process start instead of two);
 * the scheduler's delivery right after a cycle then takes that outcome instead of starting another process.
 */
export class StepCore implements Pick<AgentCore, "cycle" | "deliver" | "syncPolicy" | "watch" | "idle"> {
  private delivered: DeliveryOutcome | null = null;
  private interval: number;
  private readonly lastPoll = new Map<string, number>();
  private watchIntervals: Record<string, number>;
  private readonly onNetwork: readonly string[];

  constructor(
    private readonly steps: StepRunner,
    first: StepAnswer,
  ) {
    this.interval = first.intervalMinutes ?? 15;
    this.watchIntervals = first.watchIntervals ?? {};
    this.onNetwork = first.networkWatches ?? [];
  }

  /** The controls whose watch a change of network addresses calls for (the setup step said which). */
  networkWatches(): readonly string[] {
    return this.onNetwork;
  }

  /** The held policy's check interval, as the last step read it. */
  intervalMinutes(): number {
    return this.interval;
  }

  private async step(name: StepName, extra: readonly string[] = []): Promise<StepAnswer> {
    const a = await this.steps.run(name, extra);
    if (a.intervalMinutes !== undefined) this.interval = a.intervalMinutes;
    if (a.watchIntervals) this.watchIntervals = a.watchIntervals;
    return a;
  }

  async cycle(): Promise<never[]> {
    this.delivered = null;
    const a = await this.step("cycle");
    if (a.delivery) this.delivered = a.delivery;
    if (!a.ok || a.cycle?.error) throw new Error(a.cycle?.error ?? a.error ?? "the check cycle failed");
    // The cycle just looked at everything the watches look at (USB, hotspot, Wi-Fi): their next poll is an interval on.
    const now = performance.now();
    for (const control of Object.keys(this.watchIntervals)) this.lastPoll.set(control, now);
    // The reports stay in the step's spool; the scheduler only needs to know the cycle went well.
    return [];
  }

  async deliver(): Promise<DeliveryOutcome> {
    const done = this.delivered;
    this.delivered = null;
    if (done) return done;
    const a = await this.step("deliver");
    if (!a.delivery) throw new Error(a.error ?? "the delivery step gave no outcome");
    return a.delivery;
  }

  async syncPolicy(): Promise<null> {
    const a = await this.step("policy");
    if (!a.ok) throw new Error(a.error ?? "the policy refresh failed");
    return null;
  }

  /** Starts a watch step only when some control's watch is due (or forced by an event): none in most ticks. */
  async watch(o: WatchOptions = {}): Promise<void> {
    const now = performance.now();
    const due = Object.entries(this.watchIntervals)
      .filter(
        ([control, ms]) =>
          o.force?.includes(control) ||
          now - (this.lastPoll.get(control) ?? Number.NEGATIVE_INFINITY) >= Math.max(ms, o.slower?.[control] ?? 0),
      )
      .map(([control]) => control);
    if (due.length === 0) return;
    for (const c of due) this.lastPoll.set(c, now);
    const a = await this.step("watch", ["--only", due.join(",")]);
    if (!a.ok) throw new Error(a.error ?? "the watch failed");
  }

  idle(): Promise<void> {
    return this.steps.idle();
  }
}
