// What an alert says, independent of channel: stored in the outbox row and rendered per channel and role at send time.
import { z } from "zod";
import { RuleId } from "./settings.js";

export const AlertKind = z.enum(["alert", "resolved", "digest"]);
export type AlertKind = z.infer<typeof AlertKind>;

/** A one-tap action in the dashboard (approve a stick): signed and expiring; opening it changes nothing. */
export const ApproveLink = z.object({ label: z.string().max(600), url: z.string().max(2000) });
export type ApproveLink = z.infer<typeof ApproveLink>;

export const AlertContent = z.object({
  kind: AlertKind,
  rule: RuleId,
  councilName: z.string(),
  deviceId: z.string().nullable(),
  /** The device's hostname as it reported it: hostile text, escaped by every renderer. */
  deviceName: z.string().nullable(),
  /** Short and plain, e.g. "Disk encryption is off" (the subject adds council and device). */
  headline: z.string(),
  /** The policy clause, or null: renderers then say "your council's IT policy". */
  clause: z.string().nullable(),
  /** Paragraphs for everyone, in plain English. */
  plain: z.array(z.string()),
  /** What to do, in order. */
  actions: z.array(z.string()),
  /** Lines only the IT provider gets: probe facts, versions, ids. */
  technical: z.array(z.string()),
  /** Unapproved-stick alerts: a confirm-page link per stick (server/alerts/approve-links.ts). */
  approve: z.array(ApproveLink).max(5).optional(),
  /** The device page (or the dashboard for a digest), when a public URL is set. */
  link: z.string().nullable(),
  occurredAt: z.string(),
  /** On a resolved note: the idempotency key of the alert row it closes, for the same destination (set per row). */
  resolves: z.string().nullable().default(null),
});
export type AlertContent = z.infer<typeof AlertContent>;

/**
 * A stored alert read back for sending or showing. An approve entry that breaks the schema (a row written before links
 * were bounded, say) is dropped rather than costing the alert: an alert always goes out, with the links that are good.
 */
export function readAlertContent(json: string): AlertContent {
  const raw: unknown = JSON.parse(json);
  const whole = AlertContent.safeParse(raw);
  if (whole.success) return whole.data;
  if (raw && typeof raw === "object" && "approve" in raw) {
    const approve = Array.isArray(raw.approve) ? raw.approve.filter((a) => ApproveLink.safeParse(a).success) : [];
    return AlertContent.parse({ ...raw, approve: approve.length ? approve.slice(0, 5) : undefined });
  }
  throw whole.error;
}

export const NO_CLAUSE = "your council's IT policy";

export function clauseText(clause: string | null): string {
  return clause ?? NO_CLAUSE;
}
