// Delivery: sends the spool oldest first in batches and deletes only what the collector acknowledged.
import { payloadHash } from "../../shared/crypto/envelope.js";
import type { AgentState } from "../state/agent-state.js";
import { writeAgentState } from "../state/agent-state.js";
import { CHECKS } from "../checks/registry.js";
import type { CollectorClient } from "../transport/collector-client.js";
import { type ChainStore, keepChainHead, loadState } from "./chain-state.js";
import { clockRefusal, judgeClocks, MAX_SET_ASIDE_PER_DELIVERY, refusedIndex } from "./clock-refusals.js";

export interface DeliveryOutcome {
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  remaining: number;
  error: string | null;
  /** The council's policy version the collector named in its answers (the newest), or null when it named none. */
  policyVersion?: number | null;
  /** Set by AgentCore.deliver: a newer signed policy was fetched and verified during this delivery. */
  policyUpdated?: boolean;
  /**
   * Set by AgentCore.deliver: the collector named the council's policy and the agent now holds it (it already did, or
   * fetched it in this delivery). The daemon's daily policy refresh is then not needed until a day after this.
   */
  policyConfirmed?: boolean;
}

export interface DeliverDeps extends ChainStore {
  deviceId: string;
  client: CollectorClient;
  /** Most envelopes per POST (the collector's limit is 100). */
  batchSize?: number;
  now: () => Date;
}

/** Sends the spool oldest first in batches; deletes only what the collector acknowledged. */
export async function deliverSpool(d: DeliverDeps): Promise<DeliveryOutcome> {
  const out: DeliveryOutcome = {
    sent: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    remaining: 0,
    error: null,
    policyVersion: null,
  };
  let reportedUpTo: Date | null = null;
  let refusedAside = 0;
  const entries = await d.spool.list();
  const size = d.batchSize ?? 50;
  for (let i = 0; i < entries.length; i += size) {
    const batch = entries.slice(i, i + size);
    try {
      const res = await d.client.sendReports({
        deviceId: d.deviceId,
        envelopes: batch.map((e) => e.envelope),
      });
      if (res.policyVersion !== undefined) out.policyVersion = Math.max(out.policyVersion ?? 0, res.policyVersion);
      const done: number[] = [];
      for (const e of batch) {
        const r = res.results.find((x) => x.seq === e.seq && x.hash === payloadHash(e.envelope));
        if (!r) continue; // not answered: keep it for the next attempt
        out.sent++;
        if (r.outcome === "rejected") {
          out.rejected++;
          await d.spool.setAside(e.seq, r.reason ?? "rejected by the collector");
        } else {
          out[r.outcome]++;
          done.push(e.seq);
          reportedUpTo = latest(reportedUpTo, collectedAtOf(e.envelope.payload));
        }
      }
      await d.spool.remove(
        await keepChainHead(
          d,
          batch.filter((e) => done.includes(e.seq)),
        ),
      );
    } catch (err) {
      const clock = clockRefusal(err);
      if (clock) {
        const verdict = judgeClocks(clock, d.now());
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
          await d.spool.setAside(bad.seq, verdict.message, verdict.message);
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
        await d.spool.setAside(batch[bad].seq, (err as Error).message);
        i -= size;
        entries.splice(entries.indexOf(batch[bad]), 1);
        continue;
      }
      out.error = (err as Error).message;
      break;
    }
  }
  out.remaining = (await d.spool.depth()).count;
  try {
    const state = await loadState(d);
    if (reportedUpTo) forgetReported(state, reportedUpTo);
    if (out.error === null) state.lastDeliveryAt = d.now().toISOString();
    state.lastDeliveryError = out.error;
    await writeAgentState(d.stateDir, state);
  } catch (err) {
    // What was delivered is delivered (the spool says so); only the status times could not be saved.
    d.log.error("could not save the delivery status", { reason: (err as Error).message });
  }
  if (out.error)
    d.log.warn("delivery failed; reports stay in the spool", { error: out.error, remaining: out.remaining });
  else if (out.sent > 0) d.log.info("reports delivered", { ...out });
  return out;
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
