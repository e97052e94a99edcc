// Alert settings per council: recipients by role, channels (SMTP, webhooks), rule switches and time defaults.
import { z } from "zod";
import { CONTROL_IDS } from "../../shared/schemas/control.js";

/** Who reads an alert: the DSFM gets plain English, the IT provider gets the technical detail too. */
export const Role = z.enum(["dsfm", "it"]);
export type Role = z.infer<typeof Role>;

/** Every rule the council can switch off (one per control, then the others); all are on by default. */
export const RuleId = z.enum([...CONTROL_IDS, "chain", "silence", "recovery", "digest"]);
export type RuleId = z.infer<typeof RuleId>;

const Email = z.email().max(254);
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const Webhook = z.object({
  /** A short name to tell webhooks apart in the outbox and the CLI (the URL is a secret and never shown). */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lowercase letters, digits and hyphens, up to 40")
    .max(40),
  url: HttpUrl,
  format: z.enum(["json", "teams", "slack"]),
  role: Role,
});
export type Webhook = z.infer<typeof Webhook>;

export const AlertSettings = z.object({
  enabled: z.boolean().default(true),
  /**
   * Base address of the dashboard, e.g. https://ward.example.org; device links are `${publicUrl}/devices/<id>`. null:
   * the collector's own publicUrl is used (alertLinkBase).
   */
  publicUrl: HttpUrl.nullable().default(null),
  /** smtp://user:pass@host:587 or smtps://…:465; a secret (may hold a password): stored as given, never printed. */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .max(2000)
    .nullable()
    .default(null),
  from: Email.nullable().default(null),
  recipients: z
    .object({ dsfm: z.array(Email).max(20).default([]), it: z.array(Email).max(20).default([]) })
    .prefault({}),
  webhooks: z.array(Webhook).max(10).default([]),
  /** Rules switched off by the council. */
  disabledRules: z.array(RuleId).max(20).default([]),
  /** Reports in a row a control must fail before an immediate alert (damps flapping); USB and hotspot are events. */
  confirmReports: z.number().int().min(1).max(10).default(2),
  /** How long the screen lock may stay longer than policy before an alert. */
  screenLockGraceHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** A device silent this long is reported (lost, stolen, agent removed, or on holiday). */
  silenceHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(72),
  /** Weekly digest: day (0 = Sunday … 6 = Saturday) and hour, UTC. */
  digestWeekday: z.number().int().min(0).max(6).default(1),
  digestHour: z.number().int().min(0).max(23).default(8),
});
export type AlertSettings = z.infer<typeof AlertSettings>;
export type AlertSettingsInput = z.input<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = AlertSettings.parse({});

/**
 * Where links in this council's alerts start (the device page, one-tap approval, the digest's dashboard link): the
 * council's own public URL (`alerts set --public-url`), else the collector's (`publicUrl` in its config,
 * WARD_PUBLIC_URL); null when neither is set, and alerts then carry no links.
 */
export function alertLinkBase(
  s: AlertSettings,
  collectorUrl: string | undefined,
): { url: string; from: "council" | "collector" } | null {
  if (s.publicUrl) return { url: s.publicUrl, from: "council" };
  return collectorUrl ? { url: collectorUrl, from: "collector" } : null;
}

/** The settings alerts are written with: `publicUrl` filled in from the collector's when the council set none. */
export function withLinkBase(s: AlertSettings, collectorUrl: string | undefined): AlertSettings {
  const base = alertLinkBase(s, collectorUrl);
  return base?.from === "collector" ? { ...s, publicUrl: base.url } : s;
}

export function ruleOn(settings: AlertSettings, rule: RuleId): boolean {
  return settings.enabled && !settings.disabledRules.includes(rule);
}

/** The settings as safe to print or show: SMTP password and webhook URLs hidden. */
export function redactSettings(
  s: AlertSettings,
): Omit<AlertSettings, "webhooks"> & { webhooks: Array<Omit<Webhook, "url"> & { url: string }> } {
  return {
    ...s,
    smtpUrl: s.smtpUrl === null ? null : redactSmtpUrl(s.smtpUrl),
    webhooks: s.webhooks.map((w) => ({ ...w, url: redactWebhookUrl(w.url) })),
  };
}

export function redactSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    u.search = u.search ? "?***" : "";
    return u.toString();
  } catch {
    return "(unparseable SMTP URL)";
  }
}

/** A webhook URL is its own secret (Slack, Teams): only scheme and host are shown. */
export function redactWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/***`;
  } catch {
    return "(unparseable URL)";
  }
}
