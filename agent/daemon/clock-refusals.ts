// What the collector's refusals of a batch mean to the agent: a clock that disagrees, or one envelope it never takes.
import { type AppError, isAppError } from "../../shared/errors.js";

/** Most envelopes one delivery sets aside, so a run of refusals cannot empty the spool in one go. */
export const MAX_SET_ASIDE_PER_DELIVERY = 20;

export interface ClockRefusal {
  index: number;
  collectedAt: number;
  /** The collector's clock: its time of receipt, else its HTTP Date header (the same clock in production). */
  collectorAt: number;
  wrongClock: string;
}

/** A refusal because a report is dated ahead of the collector's clock (the collector names it `clock-ahead`). */
export function clockRefusal(err: unknown): ClockRefusal | null {
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

/** The index of the one envelope a 4xx refusal names (the collector puts it in the error's details), if any. */
export function refusedIndex(err: unknown): number | null {
  if (!isAppError(err) || err.status < 400 || err.status >= 500 || err.status === 401) return null;
  const index = err.details?.["index"];
  return typeof index === "number" && Number.isInteger(index) ? index : null;
}
