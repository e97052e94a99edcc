// The agent's work, one step at a time: a check cycle into the spool, delivery from it, policy refresh. Serialised.
import { payloadHash, seal } from "../../shared/crypto/envelope.js";
import { keyIdOf, verifyBytes } from "../../shared/crypto/ed25519.js";
import { type AppError, isAppError } from "../../shared/errors.js";
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
import { Envelope } from "../../shared/schemas/envelope.js";
import { type AgentState, INITIAL_STATE, readAgentState, statePath, writeAgentState } from "../state/agent-state.js";
import { isCorruptFile, quarantineFile, readJsonFile, removeStaleTemps, writeJsonFile } from "../state/atomic-file.js";
import type { DeviceKeyFile, Enrollment } from "../state/identity-store.js";
import { Spool, type SpoolEntry, type SpoolLimits } from "../spool/spool.js";
import type { CollectorClient } from "../transport/collector-client.js";
import { acceptPolicy, loadPolicy } from "./policy-store.js";
import { buildDropReport, buildResultsReport } from "./report-builder.js";
import { stateMemoryStore } from "./state-memory.js";

export const LAST_REPORT_FILE = "last-report.json";

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
}

export interface DeliveryOutcome {
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  remaining: number;
  error: string | null;
}

export class AgentCore {
  readonly spool: Spool;
  private policy: Policy | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lastPoll = new Map<string, number>();
  private readonly now: () => Date;

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
  }

  /** Runs one step at a time: a cycle and a delivery never interleave their state writes. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async currentPolicy(): Promise<Policy> {
    this.policy ??= await loadPolicy(this.d.stateDir, this.d.enrollment.collectorPublicKey, this.d.log);
    return this.policy;
  }

  /** Checks, builds the next report, signs it and writes it to the spool (fsync) before any network attempt. */
  cycle(): Promise<Report[]> {
    return this.serial(async () => {
      const state = await this.recoverState();
      const now = this.now();
      const policy = await this.currentPolicy();
      const memory = stateMemoryStore(state);
      const results = await runChecks({ source: this.d.source, policy, memory, now });
      state.memory = memory.snapshot();
      const device = await this.d.describe();
      const written: Report[] = [];
      const dropped = await this.spool.enforceLimits(this.d.spoolLimits, now);
      if (dropped) {
        // The full report a heartbeat would point at may be gone: the next one is full. Set before append() saves.
        state.lastResultsHash = null;
        written.push(await this.append(state, buildDropReport({ deviceId: this.d.enrollment.deviceId, state, device, now, dropped })));
      }
      // Entries set aside as damaged (unreadable, or a signature that no longer verifies), or dated by a wrong clock:
      // each gets a signed drop record, so the collector shows an explained gap, not an unexplained one.
      const lost = this.spool.takeLost();
      while (lost.length > 0) {
        const { reason, ...range } = lost[0]!;
        state.lastResultsHash = null;
        try {
          written.push(
            await this.append(state, buildDropReport({ deviceId: this.d.enrollment.deviceId, state, device, now, dropped: range, reason })),
          );
        } catch (err) {
          this.spool.restoreLost(lost);
          throw err;
        }
        lost.shift();
      }
      const report = buildResultsReport({ deviceId: this.d.enrollment.deviceId, state, device, now, results });
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

  /**
   * A crash between the spool write and the state write leaves a spooled report newer than the state: the chain
   * continues from the spool, so no seq is used twice.
   */
  private async recoverState(): Promise<AgentState> {
    const state = await this.loadState();
    const newest = (await this.spool.list()).at(-1);
    if (newest && newest.seq > state.seq) {
      this.d.log.warn("state was behind the spool (interrupted cycle): continuing the chain from the spool", {
        stateSeq: state.seq,
        spoolSeq: newest.seq,
      });
      state.seq = newest.seq;
      state.lastHash = payloadHash(newest.envelope);
      // Not knowing which results the collector holds as newest, the next report is a full one.
      state.lastResultsHash = null;
    }
    await removeStaleTemps(this.d.stateDir);
    return state;
  }

  /**
   * The state file, or, when it is damaged, one rebuilt from what it only summarises: the chain head from the newest
   * spool entry or the last report (whichever is newer). The damaged file is kept for support; the next report is a
   * full one. Check memory (e.g. USB sightings not yet reported) is lost and said so.
   */
  private async loadState(): Promise<AgentState> {
    try {
      return await readAgentState(this.d.stateDir);
    } catch (err) {
      if (!isCorruptFile(err)) throw err;
      const path = statePath(this.d.stateDir);
      const movedTo = await quarantineFile(path).catch(() => null);
      const state = structuredClone(INITIAL_STATE);
      const heads: Envelope[] = [];
      const newest = (await this.spool.list()).at(-1);
      if (newest) heads.push(newest.envelope);
      const last = await readJsonFile(join(this.d.stateDir, LAST_REPORT_FILE), Envelope).catch(() => null);
      if (last) heads.push(last);
      for (const env of heads) {
        const seq = seqOf(env.payload);
        if (seq !== null && seq > state.seq) {
          state.seq = seq;
          state.lastHash = payloadHash(env);
        }
      }
      this.d.log.error("the agent's state file was damaged: rebuilt from the spool and the last report; reporting goes on", {
        path,
        movedTo,
        seq: state.seq,
      });
      await writeAgentState(this.d.stateDir, state).catch((e: unknown) =>
        this.d.log.warn("could not save the rebuilt state yet", { reason: (e as Error).message }),
      );
      return state;
    }
  }

  /**
   * The chain head must survive the removal of acknowledged entries: when a cycle spooled a report but could not
   * save the state (a full disk), the spool is the only record of that seq. Before such an entry is removed the
   * state is brought up to it; if that cannot be saved, the entry stays (it is sent again and answered duplicate)
   * rather than letting the next report reuse its seq (a fork).
   */
  private async keepChainHead(acked: SpoolEntry[]): Promise<number[]> {
    const newest = acked.at(-1);
    if (!newest) return [];
    try {
      const state = await this.loadState();
      if (newest.seq > state.seq) {
        state.seq = newest.seq;
        state.lastHash = payloadHash(newest.envelope);
        state.lastResultsHash = null;
        await writeAgentState(this.d.stateDir, state);
      }
      return acked.map((e) => e.seq);
    } catch (err) {
      this.d.log.warn("acknowledged reports kept in the spool until the state can be saved", { reason: (err as Error).message });
      return acked.filter((e) => e.seq < newest.seq).map((e) => e.seq);
    }
  }

  /** Sends the spool oldest first in batches; deletes only what the collector acknowledged. */
  deliver(): Promise<DeliveryOutcome> {
    return this.serial(async () => {
      const out: DeliveryOutcome = { sent: 0, accepted: 0, duplicate: 0, rejected: 0, remaining: 0, error: null };
      let reportedUpTo: Date | null = null;
      let refusedAside = 0;
      const entries = await this.spool.list();
      const size = this.d.batchSize ?? 50;
      for (let i = 0; i < entries.length; i += size) {
        const batch = entries.slice(i, i + size);
        try {
          const res = await this.d.client.sendReports({
            deviceId: this.d.enrollment.deviceId,
            envelopes: batch.map((e) => e.envelope),
          });
          const done: number[] = [];
          for (const e of batch) {
            const r = res.results.find((x) => x.seq === e.seq && x.hash === payloadHash(e.envelope));
            if (!r) continue; // not answered: keep it for the next attempt
            out.sent++;
            if (r.outcome === "rejected") {
              out.rejected++;
              await this.spool.setAside(e.seq, r.reason ?? "rejected by the collector");
            } else {
              out[r.outcome]++;
              done.push(e.seq);
              reportedUpTo = latest(reportedUpTo, collectedAtOf(e.envelope.payload));
            }
          }
          await this.spool.remove(await this.keepChainHead(batch.filter((e) => done.includes(e.seq))));
        } catch (err) {
          const clock = clockRefusal(err);
          if (clock) {
            const verdict = judgeClocks(clock, this.now());
            if (verdict.keep) {
              // Clocks disagree now: nothing is set aside; everything is sent again once they agree.
              out.error = verdict.message;
              break;
            }
            // The clocks agree now, so this report's date was wrong when it was made: it can never be accepted.
            // It is set aside (kept for support) with a signed drop record, and the rest goes on.
            const bad = batch[clock.index];
            if (bad && refusedAside < MAX_SET_ASIDE_PER_DELIVERY) {
              refusedAside++;
              out.rejected++;
              await this.spool.setAside(bad.seq, verdict.message, verdict.message);
              i -= size;
              entries.splice(entries.indexOf(bad), 1);
              continue;
            }
          }
          // One envelope the collector will never take (e.g. dated ahead of its clock) must not jam the spool:
          // it is set aside, kept for support, and the rest is sent again.
          const bad = refusedIndex(err);
          if (bad !== null && batch[bad] && refusedAside < MAX_SET_ASIDE_PER_DELIVERY) {
            refusedAside++;
            out.rejected++;
            await this.spool.setAside(batch[bad].seq, (err as Error).message);
            i -= size;
            entries.splice(entries.indexOf(batch[bad]), 1);
            continue;
          }
          out.error = (err as Error).message;
          break;
        }
      }
      out.remaining = (await this.spool.depth()).count;
      try {
        const state = await this.loadState();
        if (reportedUpTo) forgetReported(state, reportedUpTo);
        if (out.error === null) state.lastDeliveryAt = this.now().toISOString();
        state.lastDeliveryError = out.error;
        await writeAgentState(this.d.stateDir, state);
      } catch (err) {
        // What was delivered is delivered (the spool says so); only the status times could not be saved.
        this.d.log.error("could not save the delivery status", { reason: (err as Error).message });
      }
      if (out.error) this.d.log.warn("delivery failed; reports stay in the spool", { error: out.error, remaining: out.remaining });
      else if (out.sent > 0) this.d.log.info("reports delivered", { ...out });
      return out;
    });
  }

  /** Fetches the council's signed policy; stores it only when it verifies with the pinned collector key. */
  syncPolicy(): Promise<Policy | null> {
    return this.serial(async () => {
      try {
        const res = await this.d.client.fetchPolicy(this.d.enrollment.deviceId, this.d.key.privateKey);
        this.policy = await acceptPolicy(this.d.stateDir, res.policy, this.d.enrollment.collectorPublicKey);
        this.d.log.info("policy updated", { version: this.policy.version });
        return this.policy;
      } catch (err) {
        this.d.log.warn("policy not updated", { reason: (err as Error).message });
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
        nowMs - (this.lastPoll.get(c.control) ?? Number.NEGATIVE_INFINITY) >= Math.max(c.watch!.intervalMs, o.slower?.[c.control] ?? 0);
      const watchers = CHECKS.filter((c) => c.watch && due(c));
      if (watchers.length === 0) return;
      for (const c of watchers) this.lastPoll.set(c.control, nowMs);
      const state = await this.recoverState();
      const memory = stateMemoryStore(state);
      const probes = allProbes();
      const cache: ProbeCache = new Map();
      for (const check of watchers) {
        const ctx = createContext({ control: check.control, source: this.d.source, probes, memory, now: this.now(), cache, errors: [] });
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

const MAX_SET_ASIDE_PER_DELIVERY = 20;

interface ClockRefusal {
  index: number;
  collectedAt: number;
  /** The collector's clock: its time of receipt, else its HTTP Date header (the same clock in production). */
  collectorAt: number;
  wrongClock: string;
}

/** A refusal because a report is dated ahead of the collector's clock (the collector names it `clock-ahead`). */
function clockRefusal(err: unknown): ClockRefusal | null {
  if (!isAppError(err) || err.details?.["reason"] !== "clock-ahead") return null;
  const d = (err as AppError).details!;
  const index = d["index"];
  const collectedAt = Date.parse(String(d["collectedAt"]));
  const collectorAt = Date.parse(String(d["collectorTime"] ?? d["collectorDate"]));
  if (typeof index !== "number" || !Number.isFinite(collectedAt) || !Number.isFinite(collectorAt)) return null;
  return { index, collectedAt, collectorAt, wrongClock: String(d["wrongClock"] ?? "unknown") };
}

const AGREE_MS = 3600_000;
const hours = (ms: number) => Math.round(Math.abs(ms) / 3600_000);

/**
 * Whose clock is wrong: the report's date against the collector's clock, and this device's clock now against the
 * collector's (its HTTP Date). While they disagree the report is kept; once they agree, a report dated ahead was
 * made while this device's clock was wrong.
 */
export function judgeClocks(c: ClockRefusal, agentNow: Date): { keep: boolean; message: string } {
  const mine = agentNow.getTime();
  const skew = mine - c.collectorAt;
  const both = `this device reads ${agentNow.toISOString()}, the collector ${new Date(c.collectorAt).toISOString()}`;
  if (c.wrongClock === "collector" || skew > AGREE_MS) {
    const who =
      c.wrongClock === "collector"
        ? `The collector's clock is wrong (${both}): tell your IT provider.`
        : `This device's clock is ${hours(skew)} hours ahead of the collector's (${both}): if this device shows the right date and time, the collector's clock is wrong and your IT provider must fix it; otherwise correct this device's date and time.`;
    return { keep: true, message: `${who} Reports are kept and sent once the clocks agree.` };
  }
  if (skew < -AGREE_MS) {
    // This device is behind the collector, yet its report is ahead: the device's clock has moved; keep and retry.
    return { keep: true, message: `The clocks disagree (${both}); reports are kept and sent once they agree.` };
  }
  return {
    keep: false,
    message: `This report is dated ${new Date(c.collectedAt).toISOString()}, ${hours(c.collectedAt - c.collectorAt)} hours ahead: it was made while this device's clock was wrong. The clocks agree now (${both}), so it was set aside with a signed record and reporting goes on.`,
  };
}

function seqOf(payload: string): number | null {
  try {
    const seq = (JSON.parse(payload) as { seq?: unknown }).seq;
    return typeof seq === "number" && Number.isInteger(seq) ? seq : null;
  } catch {
    return null;
  }
}

/** The index of the one envelope a 4xx refusal names (the collector puts it in the error's details), if any. */
function refusedIndex(err: unknown): number | null {
  if (!isAppError(err) || err.status < 400 || err.status >= 500 || err.status === 401) return null;
  const index = err.details?.["index"];
  return typeof index === "number" && Number.isInteger(index) ? index : null;
}

/** The shortest watch interval of all checks: how often the scheduler should tick the watch. */
export function fastestWatchMs(): number | null {
  const intervals = CHECKS.flatMap((c) => (c.watch ? [c.watch.intervalMs] : []));
  return intervals.length ? Math.min(...intervals) : null;
}

function collectedAtOf(payload: string): Date | null {
  try {
    const report = JSON.parse(payload) as { kind?: string; collectedAt?: string };
    if (report.kind === "spool-drop" || typeof report.collectedAt !== "string") return null;
    const at = new Date(report.collectedAt);
    return Number.isNaN(at.getTime()) ? null : at;
  } catch {
    return null;
  }
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** Lets each check forget the events the acknowledged reports carried. */
function forgetReported(state: AgentState, upTo: Date): void {
  for (const check of CHECKS) {
    if (!check.onReported) continue;
    state.memory[check.control] = check.onReported(state.memory[check.control] ?? {}, upTo);
  }
}
