// The flags of `ward-server alerts set`, applied onto a council's current alert settings.
import { AppError } from "../../shared/errors.js";
import { type AlertSettings, type AlertSettingsInput, RuleId, Webhook } from "./settings.js";

export const SET_OPTIONS = {
  "dsfm-email": { type: "string", multiple: true },
  "it-email": { type: "string", multiple: true },
  "smtp-url": { type: "string" },
  from: { type: "string" },
  "public-url": { type: "string" },
  webhook: { type: "string", multiple: true },
  "remove-webhook": { type: "string", multiple: true },
  "disable-rule": { type: "string", multiple: true },
  "enable-rule": { type: "string", multiple: true },
  "confirm-reports": { type: "string" },
  "screen-lock-grace-hours": { type: "string" },
  "silence-hours": { type: "string" },
  "digest-day": { type: "string" },
  "digest-hour": { type: "string" },
  enabled: { type: "string" },
} as const;

const list = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && s !== "none" && s !== "") : undefined;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown, flag: string): number | undefined => {
  if (typeof v !== "string") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new AppError("usage", `--${flag} takes a whole number, not "${v}".`);
  return n;
};

/** NAME=FORMAT:ROLE:URL, e.g. provider=teams:it:https://…; the URL is kept as given (a secret). */
export function parseWebhookFlag(spec: string): Webhook {
  const m = /^([^=]+)=([a-z]+):([a-z]+):(.+)$/.exec(spec);
  if (!m) throw new AppError("usage", "--webhook takes NAME=FORMAT:ROLE:URL, e.g. provider=teams:it:https://….");
  const parsed = Webhook.safeParse({ name: m[1], format: m[2], role: m[3], url: m[4] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The URL is a secret: the message names the field, never echoes the value.
    throw new AppError("usage", `--webhook ${m[1]}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export function applyFlags(current: AlertSettings, f: Record<string, unknown>): AlertSettingsInput {
  const next: AlertSettingsInput = { ...current, recipients: { ...current.recipients } };
  const dsfm = list(f["dsfm-email"]);
  const it = list(f["it-email"]);
  if (dsfm) next.recipients = { ...next.recipients, dsfm };
  if (it) next.recipients = { ...next.recipients, it };
  const smtp = str(f["smtp-url"]);
  if (smtp !== undefined) next.smtpUrl = smtp === "none" ? null : smtp;
  const from = str(f["from"]);
  if (from !== undefined) next.from = from === "none" ? null : from;
  const url = str(f["public-url"]);
  if (url !== undefined) next.publicUrl = url === "none" ? null : url.replace(/\/+$/, "");
  let hooks = [...current.webhooks];
  const removed = list(f["remove-webhook"]) ?? [];
  hooks = hooks.filter((h) => !removed.includes(h.name));
  for (const spec of list(f["webhook"]) ?? []) {
    const h = parseWebhookFlag(spec);
    hooks = [...hooks.filter((x) => x.name !== h.name), h];
  }
  next.webhooks = hooks;
  const rules = (flag: string) =>
    (list(f[flag]) ?? []).map((r) => {
      const p = RuleId.safeParse(r);
      if (!p.success)
        throw new AppError("usage", `--${flag}: unknown rule "${r}"; rules are ${RuleId.options.join(", ")}.`);
      return p.data;
    });
  const enable = rules("enable-rule");
  next.disabledRules = [...new Set([...current.disabledRules, ...rules("disable-rule")])].filter(
    (r) => !enable.includes(r),
  );
  const set = <K extends keyof AlertSettingsInput>(k: K, v: AlertSettingsInput[K] | undefined) => {
    if (v !== undefined) next[k] = v;
  };
  set("confirmReports", num(f["confirm-reports"], "confirm-reports"));
  set("screenLockGraceHours", num(f["screen-lock-grace-hours"], "screen-lock-grace-hours"));
  set("silenceHours", num(f["silence-hours"], "silence-hours"));
  set("digestWeekday", num(f["digest-day"], "digest-day"));
  set("digestHour", num(f["digest-hour"], "digest-hour"));
  const enabled = str(f["enabled"]);
  if (enabled !== undefined) {
    if (enabled !== "true" && enabled !== "false") throw new AppError("usage", "--enabled is true or false.");
    next.enabled = enabled === "true";
  }
  return next;
}
