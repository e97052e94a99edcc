// What a `ward run` step process hands back to the resident agent: one marked JSON line on its stdout.
import type { DeliveryOutcome } from "./deliver.js";

/**
 * The steps the resident agent runs in a short-lived process of the same executable (`ward run --step NAME`):
 * setup (enrol if the config carries a token, read config and policy), a check cycle and the delivery after it, a
 * delivery alone, the daily policy refresh, and the watches between cycles.
 */
export const STEP_NAMES = ["setup", "cycle", "deliver", "policy", "watch"] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const isStepName = (s: string): s is StepName => (STEP_NAMES as readonly string[]).includes(s);

/** Marks the answer line, so nothing else a library might print on stdout is taken for it. */
export const STEP_MARK = "ward-step-answer ";

/** What the resident agent needs of the configuration (the step resolves it the same way from the same flags). */
export interface StepSetup {
  stateDir: string;
  logDir: string;
  logLevel: "debug" | "info" | "warn" | "error";
  checkIntervalMinutes: number | null;
  jitterSeconds: number;
  usbWatchSeconds: number;
}

export interface StepAnswer {
  ok: boolean;
  /** In plain words, when ok is false (or when the cycle failed but the delivery after it ran). */
  error?: string;
  /** The AppError code of a failed setup: "unavailable" means try again later; anything else is final. */
  code?: string;
  setup?: StepSetup;
  /** The held policy's check interval, in minutes. */
  intervalMinutes?: number;
  /** Each watching control and how often its watch is worth running (ms). */
  watchIntervals?: Record<string, number>;
  /** The watching controls to look at when the network changes. */
  networkWatches?: string[];
  /** The cycle step: the report sequence numbers written, or why none was. */
  cycle?: { seqs: number[]; error: string | null };
  delivery?: DeliveryOutcome;
}

export function formatStepAnswer(a: StepAnswer): string {
  return `${STEP_MARK}${JSON.stringify(a)}\n`;
}

/** The last marked line of a step's stdout, or null when there is none or it is not an answer. */
export function parseStepAnswer(stdout: string): StepAnswer | null {
  const lines = stdout.split("\n").filter((l) => l.startsWith(STEP_MARK));
  const last = lines.at(-1);
  if (!last) return null;
  try {
    const a = JSON.parse(last.slice(STEP_MARK.length)) as StepAnswer;
    return typeof a === "object" && a !== null && typeof a.ok === "boolean" ? a : null;
  } catch {
    return null;
  }
}
