// The waiver form (on the device page and on its own): a problem brings the form back with what was typed and a message.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import { controlTitle } from "../../../shared/controls/index.js";
import { CONTROL_IDS, ControlId } from "../../../shared/schemas/control.js";
import type { ServiceContext } from "../../services/context.js";
import type { DeviceRow } from "../../stores/device-store.js";
import { assertManage } from "../access.js";
import { addWaiverAudited } from "../audited-writes.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { parseExpiry } from "./device-actions.js";
import { visibleDevice } from "../council-scope.js";

export interface WaiverValues {
  control?: string;
  reason?: string;
  expires?: string;
}
type Problem = { field: "control" | "reason" | "expires"; message: string };

const YEAR_MS = 365 * 86_400_000;

/** The form; with a problem, the message sits by its field and the field says it is invalid. */
export function waiverForm(deviceId: string, csrf: string, now: Date, values: WaiverValues = {}, problem?: Problem) {
  const bad = (f: Problem["field"]) =>
    problem?.field === f ? html` aria-invalid="true" aria-describedby="${f}-error"` : "";
  const note = (f: Problem["field"]): Html | string =>
    problem?.field === f ? html`<p class="field-error" id="${f}-error">${problem.message}</p>` : "";
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return html`<form method="post" action="${BASE}/devices/${deviceId}/waivers" class="card" id="waiver-form">
  ${csrfField(csrf)}
  <label for="control">Control</label>${note("control")}
  <select id="control" name="control"${bad("control")}>${CONTROL_IDS.map((c) => html`<option value="${c}"${values.control === c ? html` selected` : ""}>${controlTitle(c)}</option>`)}</select>
  <label for="reason">Reason</label>${note("reason")}<input id="reason" name="reason" required maxlength="500" value="${values.reason ?? ""}"${bad("reason")}>
  <label for="expires">Expires on (required: at most a year from today, by ${day(now.getTime() + YEAR_MS)})</label>${note("expires")}<input id="expires" name="expires" type="date" required min="${day(now.getTime())}" max="${day(now.getTime() + YEAR_MS)}" value="${values.expires ?? ""}"${bad("expires")}>
  <button type="submit">Add waiver</button>
</form>`;
}

/** What is wrong with the typed values, in the form's words; null when they can be saved. */
function problemOf(b: WaiverValues, now: Date): Problem | null {
  if (!ControlId.safeParse(b.control).success) return { field: "control", message: "Choose one of the controls." };
  if (!b.reason) return { field: "reason", message: "Write why this laptop may fail this control for now." };
  if ((b.reason ?? "").length > 500) return { field: "reason", message: "Keep the reason under 500 characters." };
  try {
    parseExpiry(b.expires ?? "", now);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const message = /at most a year/.test(err.message)
      ? `A waiver can last at most a year: choose a date on or before ${new Date(now.getTime() + YEAR_MS).toISOString().slice(0, 10)}. Your reason is kept below.`
      : /future/.test(err.message)
        ? "Choose an expiry date after today."
        : "Choose the date the waiver ends: every waiver ends (there are no permanent snoozes).";
    return { field: "expires", message };
  }
  return null;
}

function formPage(d: DeviceRow, user: Parameters<typeof page>[0]["user"], csrf: string, body: Html) {
  return page({ title: `Add a waiver · ${d.hostname}`, user, csrf, councilId: d.council_id, body });
}

export function registerWaiverForm(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  app.get<{ Params: { id: string } }>(`${BASE}/devices/:id/waivers/new`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const d = await visibleDevice(ctx.db.kysely, user, request.params.id);
    assertManage(user, d.council_id);
    const body = html`<p><a href="${BASE}/devices/${d.id}">← Back to ${d.hostname}</a></p>${waiverForm(d.id, session.csrf_token, ctx.clock.now())}`;
    return sendPage(reply, formPage(d, user, session.csrf_token, body));
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(
    `${BASE}/devices/:id/waivers`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const d = await visibleDevice(ctx.db.kysely, user, request.params.id);
      assertManage(user, d.council_id);
      const now = ctx.clock.now();
      const clean = (v: string | undefined) =>
        String(v ?? "")
          .replace(/[\u0000-\u001f\u007f]/g, " ")
          .trim();
      const values = {
        control: clean(request.body.control),
        reason: clean(request.body.reason),
        expires: clean(request.body.expires),
      };
      const problem = problemOf(values, now);
      if (problem) {
        const body = html`<p class="flash flash-error" role="alert">Nothing was saved: ${problem.message}</p>
<p><a href="${BASE}/devices/${d.id}">← Back to ${d.hostname}</a></p>${waiverForm(d.id, session.csrf_token, now, values, problem)}`;
        return sendPage(reply, formPage(d, user, session.csrf_token, body), 400);
      }
      const control = values.control as ControlId;
      const expiresAt = parseExpiry(values.expires, now);
      const where = { councilId: d.council_id, deviceId: d.id };
      await addWaiverAudited(
        q,
        { user, ip: request.ip, at: now },
        { ...where, control, reason: values.reason, expiresAt },
      );
      return reply.redirect(`${BASE}/devices/${d.id}?done=waiver`, 303);
    },
  );
}
