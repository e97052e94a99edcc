// Words the evidence pack shares between its PDF and CSV: control titles, statuses, dates, chain verdicts.
import { controlTitle as sharedTitle } from "../../shared/controls/index.js";
import { oneLine } from "../alerts/neutralise.js";
import type { DeviceEvidence } from "./collect.js";

/** The control's title from its shared description (shared/controls/); a readable id for one Ward does not know. */
export function controlTitle(id: string): string {
  const title = sharedTitle(id);
  return title !== id ? title : id.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
}

const STATUS: Record<string, string> = {
  pass: "✔ Pass",
  fail: "✘ Fail",
  unknown: "? Unknown",
  not_applicable: "– Not applicable",
  waived: "‖ Waived",
  none: "· No result",
};

/** A status as a symbol and a word (never colour alone). */
export function statusText(status: string): string {
  return STATUS[status] ?? `? ${status}`;
}

export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : "never";
}

export function minute(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never";
}

export function percent(share: number | null): string {
  return share === null ? "not known" : `${Math.floor(share * 1000) / 10}%`;
}

/** Device text (hostnames, users) made inert: no control, bidi or invisible characters; one bounded line. */
export function deviceText(s: string | null | undefined, max = 120): string {
  return oneLine(String(s ?? "").replace(/[\u200b-\u200f\u2060-\u2064\ufeff]/g, ""), max);
}

const EVENT_WORDS: Record<string, string> = {
  gap: "gap",
  fork: "fork",
  "spool-drop": "reports dropped on the device (recorded and signed)",
  "re-enrol": "re-enrolled",
  "heartbeat-mismatch": "heartbeat mismatch",
};

/** Whether the device's signed hash chain held over the period, in words. */
export function chainVerdict(d: DeviceEvidence): { ok: boolean; text: string } {
  const broken = (d.integrity.gap ?? 0) + (d.integrity.fork ?? 0) + (d.integrity["heartbeat-mismatch"] ?? 0);
  const events = Object.entries(d.integrity)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${EVENT_WORDS[k] ?? k}${n > 1 && (k === "gap" || k === "fork") ? "s" : ""}`);
  if (d.reports === 0) return { ok: false, text: "no reports in the period" };
  const base = `${d.reports.toLocaleString("en-GB")} signed report${d.reports === 1 ? "" : "s"}`;
  if (broken === 0)
    return { ok: true, text: `✔ ${base}, chain unbroken${events.length ? `; ${events.join(", ")}` : ""}` };
  return { ok: false, text: `✘ ${base}; ${events.join(", ")}` };
}
