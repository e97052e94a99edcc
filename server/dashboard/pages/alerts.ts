// A council's alerts: loads what was sent, the digest preview and the settings (drawn by alerts-view.ts); saves the
// settings (recipients, rules, timings; the mail server and webhooks stay with the IT provider's `ward-server alerts set`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { getAlertSettings, setAlertSettings } from "../../alerts/settings-store.js";
import { listAlerts } from "../../alerts/outbox-store.js";
import {
  AlertSettings,
  type AlertSettingsInput,
  alertLinkBase,
  redactSettings,
  RuleId,
  withLinkBase,
} from "../../alerts/settings.js";
import { cliCommand, shellQuote } from "../../config/cli-command.js";
import type { ServiceContext } from "../../services/context.js";
import { assertManage, canManageCouncil, isProvider } from "../access.js";
import { audit } from "../audit.js";
import { BASE, page } from "../layout.js";
import { visibleCouncil } from "../council-scope.js";
import { requireUser, sendPage } from "../request-context.js";
import { digestPreview } from "./alerts-sent.js";
import { alertsView } from "./alerts-view.js";

type Body = Record<string, string | string[] | undefined>;

function emails(v: string | string[] | undefined): string[] {
  return String(v ?? "")
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(v: string | string[] | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) ? n : fallback;
}

export function registerAlertsPage(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  /** The page; `typed` brings the settings form back with what was typed and what to change (nothing saved). */
  const show = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    typed?: { form: AlertSettings; problem: string; raw: { dsfm: string; it: string } },
  ) => {
    const { user, session } = requireUser(request);
    const council = await visibleCouncil(q, user, request.params.id);
    const saved = await getAlertSettings(q, council.id);
    const s = typed?.form ?? saved;
    const shown = redactSettings(saved);
    const recent = await listAlerts(q, { councilId: council.id, limit: 50 });
    const manage = canManageCouncil(user, council.id);
    const provider = isProvider(user);
    const digest = saved.disabledRules.includes("digest")
      ? undefined
      : await digestPreview(q, council, withLinkBase(saved, ctx.config.publicUrl), ctx.clock.now());
    const links = alertLinkBase(saved, ctx.config.publicUrl);
    const setCommand = cliCommand(ctx.config, `alerts set --council ${shellQuote(council.name)} --smtp-url … --from …`);
    const done = Boolean((request.query as { done?: string }).done);
    const csrf = session.csrf_token;
    const body = alertsView({
      council,
      saved,
      s,
      shown,
      recent,
      manage,
      provider,
      typed,
      digest,
      setCommand,
      links,
      done,
      csrf,
    });
    return sendPage(
      reply,
      page({
        title: `Alert settings · ${council.name}`,
        user,
        csrf: session.csrf_token,
        councilId: council.id,
        body,
      }),
      typed ? 400 : 200,
    );
  };
  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(`${BASE}/councils/:id/alerts`, (request, reply) =>
    show(request, reply),
  );

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/alerts`, async (request, reply) => {
    const { user } = requireUser(request);
    assertManage(user, request.params.id);
    await visibleCouncil(q, user, request.params.id);
    const s = await getAlertSettings(q, request.params.id);
    const b = request.body;
    const on = new Set([b.rule ?? []].flat());
    const next: AlertSettingsInput = {
      ...s,
      enabled: b.enabled === "1",
      recipients: { dsfm: emails(b.dsfm), it: emails(b.it) },
      disabledRules: RuleId.options.filter((r) => !on.has(r)),
      silenceHours: int(b.silenceHours, s.silenceHours),
      confirmReports: int(b.confirmReports, s.confirmReports),
      screenLockGraceHours: int(b.screenLockGraceHours, s.screenLockGraceHours),
    };
    const checked = AlertSettings.safeParse(next);
    if (!checked.success) {
      const form = { ...s, ...next, recipients: { dsfm: emails(b.dsfm), it: emails(b.it) } } as AlertSettings;
      const raw = { dsfm: String(b.dsfm ?? ""), it: String(b.it ?? "") };
      return show(request, reply, { form, problem: problemWords(checked.error.issues[0], next), raw });
    }
    const saved = await setAlertSettings(q, request.params.id, checked.data, ctx.clock.now());
    await audit(q, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: request.params.id,
      action: "alerts.settings",
      target: request.params.id,
      detail: {
        enabled: saved.enabled,
        recipients: saved.recipients,
        disabledRules: saved.disabledRules,
        silenceHours: saved.silenceHours,
      },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/councils/${request.params.id}/alerts?done=1`, 303);
  });
}

const FIELD_WORDS: Record<string, string> = {
  dsfm: "DSFM recipients",
  it: "IT provider recipients",
  silenceHours: "Report a silent device after (hours)",
  confirmReports: "Failed reports in a row before an alert",
  screenLockGraceHours: "Screen lock grace (hours)",
};

/** The first thing wrong with the typed settings, in the form's own words. */
function problemWords(issue: { path: PropertyKey[]; message: string } | undefined, typed: AlertSettingsInput): string {
  const path = issue?.path ?? [];
  const field = String(path[0] === "recipients" ? path[1] : path[0]);
  const label = FIELD_WORDS[field] ?? field;
  if (path[0] === "recipients" && typeof path[2] === "number") {
    const value = typed.recipients?.[field as "dsfm" | "it"]?.[path[2]] ?? "";
    return `${label}: "${value}" is not an email address.`;
  }
  return `${label}: ${issue?.message ?? "this value cannot be used"}.`;
}
