// What Ward knows about one control on both sides: its names, the facts its results carry, its wording and its alerts.
import type { z } from "zod";
import type { ControlId } from "../schemas/control.js";
import type { Tolerant } from "./tolerant.js";

/** The collector's own words for a state: why it matters and what to do. Never text a device sent. */
export interface StateWording {
  why: string;
  remediation: readonly string[];
}

/** One kind of alert a control raises; the first kind whose `when` holds is used, the last one has no `when`. */
export interface AlertKind<F> {
  kind: string;
  /** Short and plain, e.g. "Disk encryption is off or not protecting the laptop" (the subject adds council and device). */
  headline: string;
  /** Overrides the fail wording for this kind (os-patch: the OS is past end of support). */
  wording?: StateWording;
  when?(facts: Tolerant<F>): boolean;
}

/**
 * When a failing control alerts.
 * - event: every new sighting alerts at once (USB, hotspot); `eventKeys` names the sightings.
 * - at-once: the first failing report (the check itself measures how long, e.g. os-patch).
 * - after-grace: once failing for the screen-lock grace period from the first failing report.
 * - after-confirmations: after `confirmReports` failing reports in a row.
 */
export type AlertTiming = "event" | "at-once" | "after-grace" | "after-confirmations";

export interface ControlDescription<F = Record<string, unknown>> {
  id: ControlId;
  /** For headings and table columns, e.g. "Disk encryption". */
  title: string;
  /** For a narrow column (a phone), e.g. "Encryption". */
  shortTitle: string;
  /** The DSFM's words inside a sentence, e.g. "security updates". */
  plainName: string;
  /** The facts a result of this control carries, as the agent reports them. */
  facts: z.ZodType<F>;
  states: { fail: StateWording; unknown: StateWording };
  /** Who the DSFM asks to put a fail right: the laptop's user, or (when absent) the council's IT provider. */
  askOnFail?: "user" | "it-provider";
  alerts: {
    timing: AlertTiming;
    kinds: readonly [AlertKind<F>, ...AlertKind<F>[]];
    /** Event controls: one key per distinct sighting in failing facts (empty when the facts name none). */
    eventKeys?(facts: Tolerant<F>): string[];
  };
}

/** Typed helper for a control's description file. */
export function describeControl<F>(description: ControlDescription<F>): ControlDescription<F> {
  return description;
}
