// The waiver form's routes: checks what was typed (a problem brings the form back) and saves, audited. Drawn by waiver-form-view.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import { ControlId } from "../../../shared/schemas/control.js";
import type { ServiceContext } from "../../services/context.js";
import { assertManage } from "../access.js";
import { addWaiverAudited } from "../audited-writes.js";
import { BASE } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { parseExpiry } from "./device-actions.js";
import { visibleDevice } from "../council-scope.js";
import { type WaiverProblem, type WaiverValues, waiverFormPage, YEAR_MS } from "./waiver-form-view.js";
import { typedLine } from "../../http/typed-line.js";

/** What is wrong with the typed values, in the form's words; null when they can be saved. */
function problemOf(b: WaiverValues, now: Date): WaiverProblem | null {
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

export function registerWaiverForm(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  app.get<{ Params: { id: string }; Querystring: { control?: unknown } }>(
    `${BASE}/devices/:id/waivers/new`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const d = await visibleDevice(ctx.db.kysely, user, request.params.id);
      assertManage(user, d.council_id);
      // ?control= from a check's row starts the form on that control; anything but a known control is ignored.
      const control = ControlId.safeParse(request.query.control);
      const values = control.success ? { control: control.data } : {};
      return sendPage(reply, waiverFormPage(d, user, session.csrf_token, ctx.clock.now(), values));
    },
  );

  app.post<{ Params: { id: string }; Body: Record<string, string | undefined> }>(
    `${BASE}/devices/:id/waivers`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const d = await visibleDevice(ctx.db.kysely, user, request.params.id);
      assertManage(user, d.council_id);
      const now = ctx.clock.now();
      const values = {
        control: typedLine(request.body.control),
        reason: typedLine(request.body.reason),
        expires: typedLine(request.body.expires),
      };
      const problem = problemOf(values, now);
      if (problem) {
        return sendPage(reply, waiverFormPage(d, user, session.csrf_token, now, values, problem), 400);
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
