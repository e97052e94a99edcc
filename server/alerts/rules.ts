// The per-control rules, as a pure step: given where a device's control stood and what a report says, what is next.
import { controlDescription, eventKeys } from "../../shared/controls/index.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { ControlId } from "../../shared/schemas/control.js";
import { type AlertSettings, ruleOn } from "./settings.js";
import { type AlertStateRow, emptyState } from "./state-store.js";

export interface Observation {
  deviceId: string;
  control: ControlId;
  /** null when the stored result no longer parses: treated like unknown. */
  result: CheckResult | null;
  collectedAt: string;
}

export type Decision = { type: "alert"; key: string } | { type: "resolved"; key: string };

export function step(
  prev: AlertStateRow | undefined,
  obs: Observation,
  settings: AlertSettings,
  now: Date,
  waived: boolean,
): { next: AlertStateRow; decision: Decision | null } {
  const at = now.toISOString();
  const before = prev ?? emptyState(obs.deviceId, obs.control, now);
  const status = obs.result?.status ?? "unknown";
  if (status === "pass" || status === "not_applicable") {
    const next = emptyState(obs.deviceId, obs.control, now);
    const wasAlerted = before.failing === 1 && before.alerted_at !== null;
    if (wasAlerted && status === "pass" && ruleOn(settings, "recovery")) {
      return {
        next,
        decision: { type: "resolved", key: `resolved:${obs.control}:${obs.deviceId}:${before.failing_since}` },
      };
    }
    return { next, decision: null };
  }
  if (status === "unknown" || !obs.result) {
    // Ward cannot tell: an alert already sent stays open (no "resolved"); an episode not yet alerted starts over.
    return {
      next: before.alerted_at ? { ...before, updated_at: at } : emptyState(obs.deviceId, obs.control, now),
      decision: null,
    };
  }
  const next: AlertStateRow =
    before.failing === 1
      ? { ...before, consecutive: before.consecutive + 1, updated_at: at }
      : { ...emptyState(obs.deviceId, obs.control, now), failing: 1, consecutive: 1, failing_since: obs.collectedAt };
  if (waived || !ruleOn(settings, obs.control)) return { next, decision: null };

  if (controlDescription(obs.control).alerts.timing === "event") {
    // Events (USB, hotspot): each new sighting alerts at once; they are not damped.
    const seen = parseSeen(next.seen_events);
    const keys = eventKeys(obs.result);
    // Facts that name no sighting still alert once per failing episode.
    const fresh = keys.length
      ? keys.filter((k) => !seen.includes(k))
      : next.alerted_at
        ? []
        : [`episode:${next.failing_since}`];
    if (fresh.length === 0) return { next, decision: null };
    return {
      next: { ...next, seen_events: JSON.stringify([...seen, ...fresh].slice(-200)), alerted_at: at },
      decision: { type: "alert", key: `${obs.control}:${obs.deviceId}:${fresh.join(",")}` },
    };
  }
  if (next.alerted_at) return { next, decision: null };
  if (!due(next, obs.control, settings, now)) return { next, decision: null };
  return {
    next: { ...next, alerted_at: at, alert_key: `${obs.control}:${obs.deviceId}:${next.failing_since}` },
    decision: { type: "alert", key: `${obs.control}:${obs.deviceId}:${next.failing_since}` },
  };
}

/** Whether a failing state control is due to alert, by its description's timing (see AlertTiming). */
export function due(state: AlertStateRow, control: ControlId, settings: AlertSettings, now: Date): boolean {
  switch (controlDescription(control).alerts.timing) {
    case "after-grace": {
      const since = Date.parse(state.failing_since ?? "");
      return Number.isFinite(since) && now.getTime() - since >= settings.screenLockGraceHours * 3_600_000;
    }
    case "at-once":
    case "event":
      return true;
    case "after-confirmations":
      return state.consecutive >= settings.confirmReports;
  }
}

function parseSeen(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}
