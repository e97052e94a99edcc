// The generic JSON webhook's body, version 1: a stable contract for ticketing bridges (documented in README.md and
// in the OpenAPI document's `webhooks`). Fields are only ever added; a change that breaks one is a new version.
import { z } from "zod";

export const WEBHOOK_SCHEMA_V1 = "ward.alert.v1";

export const WebhookPayloadV1 = z.object({
  schema: z.literal(WEBHOOK_SCHEMA_V1).describe("This contract's name and version."),
  idempotencyKey: z
    .string()
    .describe(
      "Unique per alert and destination; the same on every retry (also the Idempotency-Key header): drop a body whose key you have seen.",
    ),
  kind: z
    .enum(["alert", "resolved", "digest"])
    .describe("alert: open a ticket; resolved: the problem went away; digest: the weekly summary"),
  resolves: z
    .string()
    .nullable()
    .describe(
      "On a resolved event: the idempotencyKey of the alert it closes (sent to this same webhook); otherwise null.",
    ),
  rule: z
    .string()
    .describe(
      "The rule that fired: disk-encryption, usb-storage, hotspot, os-patch, screen-lock, chain, silence, recovery (on resolved) or digest",
    ),
  councilId: z.string(),
  council: z.string().describe("The council's name"),
  device: z
    .object({
      id: z.string(),
      name: z.string().nullable().describe("Hostname as reported: untrusted text, made plain (no markup, no links)"),
    })
    .nullable(),
  subject: z.string().describe("One line, at most 200 characters: a ticket summary"),
  headline: z.string(),
  clause: z
    .string()
    .nullable()
    .describe("The council's policy clause the alert is about (null on resolved and digest)"),
  plain: z.array(z.string()).describe("Paragraphs in plain English, for everyone"),
  actions: z.array(z.string()).describe("What to do, in order"),
  technical: z.array(z.string()).describe("Technical detail (facts, versions, ids): only on webhooks with the it role"),
  link: z.string().nullable().describe("The device page, when the collector's public URL is set"),
  approve: z
    .array(z.object({ label: z.string().describe("Which stick, in words (device text made plain)"), url: z.string() }))
    .describe(
      "An unapproved USB stick alert: one signed link per stick, valid 7 days, opening the dashboard's confirm page (opening it changes nothing); empty otherwise",
    ),
  occurredAt: z.string().describe("When it happened (ISO 8601 UTC)"),
});
export type WebhookPayloadV1 = z.infer<typeof WebhookPayloadV1>;
