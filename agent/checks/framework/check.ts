// What a control is: its probes on every OS, how it collects facts, and its pure evaluate(facts, policy).
import type { CheckResult, ProbeError } from "../../../shared/schemas/check-result.js";
import type { ControlId, OsPlatform } from "../../../shared/schemas/control.js";
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { SessionUser } from "../../platform/platform.js";
import type { ProbeDefinition, ProbeOutcome } from "./probe.js";

/** What evaluate decides; the runner adds control, clause (from the policy) and probeErrors. */
export type Verdict = Pick<CheckResult, "status" | "summary" | "facts" | "remediation">;

/** Small persistent memory per control (USB sightings, first-seen times of pending updates), kept in agent state. */
export interface CheckMemory {
  get(): JsonObject;
  set(value: JsonObject): void;
}

export interface CollectContext {
  os: OsPlatform;
  now: Date;
  /** Runs (or replays) a probe once per cycle; the same id+qualifier asked twice is answered from the cycle cache. */
  probe(id: string, qualifier?: string, user?: SessionUser): Promise<ProbeOutcome>;
  /**
   * The qualifiers to run a per-qualifier probe with. Live: calls `discover`. Replay: the qualifiers captured in the
   * folder for that probe id (so a capture of one user's settings replays without the discovery probe).
   */
  qualifiers(probeId: string, discover: () => Promise<string[]>): Promise<string[]>;
  memory: CheckMemory;
  /** Record a probe problem for the result's probeErrors (probe() already records its own failures). */
  noteError(error: ProbeError): void;
}

export interface CheckDefinition<F extends JsonObject = JsonObject> {
  control: ControlId;
  /** Short title for tables, e.g. "Disk encryption". */
  title: string;
  /** Every probe this control may run, on every OS. */
  probes: readonly ProbeDefinition[];
  /** Runs this OS's probes through the context and parses them into facts. Must not throw for bad output. */
  collect(ctx: CollectContext): Promise<F>;
  /** Pure: the verdict from facts and policy. Never `pass` without proof. */
  evaluate(facts: F, policy: Policy, os: OsPlatform): Verdict;
  /** Longest this check may take in one cycle (default 60 s); slow networked tools (softwareupdate) need more. */
  budgetMs?: number;
  /**
   * Optional cheap watch between cycles (USB, hotspot, Wi-Fi): runs a light probe and updates memory. The daemon polls
   * it every `intervalMs`, or only as a fallback while an event source says when to look: USB events, and for a
   * watch with `onNetworkChange` a change in the device's network addresses (a network joined, a hotspot started).
   */
  watch?: { intervalMs: number; onNetworkChange?: boolean; poll(ctx: CollectContext): Promise<void> };
  /**
   * Pure: called after the collector acknowledged a report collected at `reportedUpTo`, so events it carried
   * (USB sightings, hotspot sightings) are forgotten and later ones kept.
   */
  onReported?(memory: JsonObject, reportedUpTo: Date): JsonObject;
}

export function defineCheck<F extends JsonObject>(def: CheckDefinition<F>): CheckDefinition<F> {
  return def;
}

export type { CheckResult };

/** A check of any control, as the runner and the registry hold them. */
export type AnyCheck = CheckDefinition<JsonObject>;
