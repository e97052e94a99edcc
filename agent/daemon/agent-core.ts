// The agent's work, one step at a time: a check cycle into the spool, delivery from it, policy refresh. Serialised.
import { payloadHash, seal } from "../../shared/crypto/envelope.js";
import { keyIdOf, verifyBytes } from "../../shared/crypto/ed25519.js";
import type { Logger } from "../../shared/logger.js";
import type { Policy } from "../../shared/schemas/policy.js";
import type { Report } from "../../shared/schemas/report.js";
import type { ProbeSource } from "../checks/framework/probe-source.js";
import { runChecks } from "../checks/framework/run-checks.js";
import { createContext, type ProbeCache } from "../checks/framework/context.js";
import { allProbes, CHECKS } from "../checks/registry.js";
import type { DeviceDescription } from "../platform/inventory.js";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type AgentState, writeAgentState } from "../state/agent-state.js";
import { writeJsonFile } from "../state/atomic-file.js";
import type { DeviceKeyFile, Enrollment } from "../state/identity-store.js";
import { Spool, type SpoolLimits } from "../spool/spool.js";
import type { CollectorClient } from "../transport/collector-client.js";
import { type ChainStore, LAST_REPORT_FILE, recoverState } from "./chain-state.js";
import { type DeliveryOutcome, deliverSpool } from "./deliver.js";
import { acceptPolicy, loadPolicy } from "./policy-store.js";
import { buildDropReport, buildResultsReport } from "./report-builder.js";
import { stateMemoryStore } from "./state-memory.js";

export { LAST_REPORT_FILE } from "./chain-state.js";
export type { DeliveryOutcome } from "./deliver.js";

export interface AgentCoreDeps {
  stateDir: string;
  enrollment: Enrollment;
  key: DeviceKeyFile;
  source: ProbeSource;
  client: CollectorClient;
  describe: () => Promise<DeviceDescription>;
  log: Logger;
  spoolLimits: SpoolLimits;
  clock?: () => Date;
  /** Most envelopes per POST (the collector's limit is 100). */
  batchSize?: number;
}

export interface WatchOptions {
  /** Controls whose watch runs now whatever their interval (an event said something changed). */
  force?: readonly string[];
  /** Longer intervals for some controls (their events are live; polling is only the fallback). */
  slower?: Readonly<Record<string, number>>;
  /** Only these controls' watches, whatever their intervals (a step process: the resident agent decided they are due). */
  only?: readonly string[];
}

export class AgentCore {
  readonly spool: Spool;
  private policy: Policy | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lastPoll = new Map<string, number>();
  private readonly now: () => Date;
  private readonly chain: ChainStore;

  constructor(private readonly d: AgentCoreDeps) {
    // Each entry's signature is checked with the device's own key: one damaged on disk is set aside (with a signed
    // drop record) instead of being refused by the collector forever and jamming every report behind it.
    const publicKey = d.key.publicKey;
    const keyId = keyIdOf(publicKey);
    this.spool = new Spool(
      d.stateDir,
      d.log.child({ module: "spool" }),
      (env) => env.keyId === keyId && verifyBytes(Buffer.from(env.payload, "utf8"), env.signature, publicKey),
    );
    this.now = d.clock ?? (() => new Date());
    this.chain = { stateDir: d.stateDir, spool: this.spool, log: d.log };
  }

  /** Runs one step at a time: a cycle and a delivery never interleave their state writes. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async currentPolicy(): Promise<Policy> {
    this.policy ??= await loadPolicy(
      this.d.stateDir,
      this.d.enrollment.collectorPublicKey,
      this.d.log,
      this.d.enrollment.councilId,
    );
    return this.policy;
  }

  /** Checks, builds the next report, signs it and writes it to the spool (fsync) before any network attempt. */
  cycle(): Promise<Report[]> {
    return this.serial(async () => {
      const state = await recoverState(this.chain);
      const now = this.now();
      const policy = await this.currentPolicy();
      const memory = stateMemoryStore(state);
      const results = await runChecks({ source: this.d.source, policy, checks: CHECKS, memory, now });
      state.memory = memory.snapshot();
      const device = await this.d.describe();
      const written: Report[] = [];
      const dropped = await this.spool.enforceLimits(this.d.spoolLimits, now);
      if (dropped) {
        // The full report a heartbeat would point at may be gone: the next one is full. Set before append() saves.
        state.lastResultsHash = null;
        written.push(
          await this.append(
            state,
            buildDropReport({ deviceId: this.d.enrollment.deviceId, state, device, now, dropped }),
          ),
        );
      }
      // Entries set aside as damaged (unreadable, or a signature that no longer verifies), or dated by a wrong clock:
      // each gets a signed drop record, so the collector shows an explained gap, not an unexplained one.
      const lost = this.spool.takeLost();
      while (lost.length > 0) {
        const { reason, ...range } = lost[0]!;
        state.lastResultsHash = null;
        try {
          written.push(
            await this.append(
              state,
              buildDropReport({ deviceId: this.d.enrollment.deviceId, state, device, now, dropped: range, reason }),
            ),
          );
        } catch (err) {
          this.spool.restoreLost(lost);
          throw err;
        }
        lost.shift();
      }
      const report = buildResultsReport({
        deviceId: this.d.enrollment.deviceId,
        state,
        device,
        now,
        results,
        policyVersion: policy.version,
      });
      // Set before append() persists the state, so the chain head and what a heartbeat refers to are written together.
      if (report.kind === "full") {
        state.lastResultsHash = report.resultsHash;
        state.lastFullAt = report.collectedAt;
      }
      state.lastResults = results;
      written.push(await this.append(state, report));
      state.lastCycleAt = now.toISOString();
      await writeAgentState(this.d.stateDir, state);
      this.d.log.info("check cycle done", {
        seq: state.seq,
        kind: report.kind,
        statuses: Object.fromEntries(results.map((r) => [r.control, r.status])),
      });
      return written;
    });
  }

  /** Seals a report, spools it durably, then advances the chain in state (persisted by the caller). */
  private async append(state: AgentState, report: Report): Promise<Report> {
    const envelope = seal(report, this.d.key);
    await this.spool.append(report.seq, envelope);
    // What the clerk can read with `ward status --show-report`: exactly the signed payload.
    await writeJsonFile(join(this.d.stateDir, LAST_REPORT_FILE), envelope);
    state.seq = report.seq;
    state.lastHash = payloadHash(envelope);
    await writeAgentState(this.d.stateDir, state);
    return report;
  }

  /** Sends the spool oldest first in batches; deletes only what the collector acknowledged. */
  async deliver(): Promise<DeliveryOutcome> {
    const out = await this.serial(() =>
      deliverSpool({
        stateDir: this.d.stateDir,
        spool: this.spool,
        log: this.d.log,
        deviceId: this.d.enrollment.deviceId,
        client: this.d.client,
        batchSize: this.d.batchSize,
        now: this.now,
      }),
    );
    // The collector's answer names the council's current policy: a newer one (an approved USB stick) is fetched in
    // this same delivery, verified with the pinned key, and judges the very next cycle.
    const held = (await this.currentPolicy()).version;
    if (out.policyVersion != null && out.policyVersion > held) {
      this.d.log.info("the collector has a newer policy: fetching it now", { held, current: out.policyVersion });
      const got = await this.syncPolicy();
      out.policyUpdated = got !== null && got.version > held;
    }
    out.policyConfirmed = out.policyVersion != null && (out.policyVersion <= held || out.policyUpdated === true);
    return out;
  }

  /** Fetches the council's signed policy; stores it only when it verifies with the pinned collector key. */
  syncPolicy(): Promise<Policy | null> {
    return this.serial(async () => {
      try {
        const res = await this.d.client.fetchPolicy(this.d.enrollment.deviceId, this.d.key.privateKey);
        this.policy = await acceptPolicy(this.d.stateDir, res.policy, this.d.enrollment.collectorPublicKey, {
          now: this.now(),
          councilId: this.d.enrollment.councilId,
        });
        this.d.log.info("policy updated", { version: this.policy.version });
        return this.policy;
      } catch (err) {
        // A refused policy (another council's, an older one) leaves the current one in force; reporting goes on.
        this.d.log.warn("policy not updated: this computer keeps its current policy", {
          reason: (err as Error).message,
        });
        return null;
      }
    });
  }

  /** Waits for the step under way (a spool write) to finish. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** The cheap watch between cycles (USB storage): each check's light poll updates its memory in state. */
  watch(o: WatchOptions = {}): Promise<void> {
    return this.serial(async () => {
      // Monotonic: a wall clock stepped back must not pause the watch for as long as the step.
      const nowMs = performance.now();
      // Each check says how often its watch is worth running; the scheduler's tick is the fastest of them. An event
      // (a disk plugged in) forces a check's watch now; a live event source lets its polling slow down.
      const due = (c: (typeof CHECKS)[number]) =>
        o.force?.includes(c.control) ||
        nowMs - (this.lastPoll.get(c.control) ?? Number.NEGATIVE_INFINITY) >=
          Math.max(c.watch!.intervalMs, o.slower?.[c.control] ?? 0);
      const watchers = CHECKS.filter((c) => c.watch && (o.only ? o.only.includes(c.control) : due(c)));
      if (watchers.length === 0) return;
      for (const c of watchers) this.lastPoll.set(c.control, nowMs);
      const state = await recoverState(this.chain);
      const memory = stateMemoryStore(state);
      const probes = allProbes();
      const cache: ProbeCache = new Map();
      for (const check of watchers) {
        const ctx = createContext({
          control: check.control,
          source: this.d.source,
          probes,
          memory,
          now: this.now(),
          cache,
          errors: [],
        });
        try {
          await check.watch!.poll(ctx);
        } catch (err) {
          this.d.log.warn("watch poll failed", { control: check.control, reason: (err as Error).message });
        }
      }
      state.memory = memory.snapshot();
      await writeAgentState(this.d.stateDir, state);
    });
  }
}

/** Each watching control and its watch interval (ms): what the resident agent schedules watch steps by. */
export function watchIntervals(): Record<string, number> {
  return Object.fromEntries(CHECKS.flatMap((c) => (c.watch ? [[c.control, c.watch.intervalMs]] : [])));
}

/** The watching controls to look at when the device's network addresses change (hotspot, Wi-Fi security). */
export function networkWatches(): string[] {
  return CHECKS.flatMap((c) => (c.watch?.onNetworkChange ? [c.control] : []));
}

/** The shortest watch interval of all checks: how often the scheduler should tick the watch. */
export function fastestWatchMs(): number | null {
  const intervals = CHECKS.flatMap((c) => (c.watch ? [c.watch.intervalMs] : []));
  return intervals.length ? Math.min(...intervals) : null;
}
