// Bulk actions on the device list: a waiver for each selected device, or acknowledging their open integrity events.
// Each device goes through the same checks, stores and audit entries as the device page's own forms (CSRF: every POST).
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import { ControlId } from "../../../shared/schemas/control.js";
import type { ServiceContext } from "../../services/context.js";
import { findDevicesByIds } from "../../stores/device-store.js";
import { openIntegrityEventsOf } from "../../stores/event-store.js";
import { assertCouncil, assertManage, type DashUser } from "../access.js";
import { acknowledgeEventAudited, addWaiverAudited } from "../audited-writes.js";
import { BASE } from "../layout.js";
import { requireUser } from "../request-context.js";
import { parseExpiry } from "./device-actions.js";
import { listSearch, type Qs, scopedQuery } from "./fleet-load.js";
import { sendFleetPage } from "./fleet.js";
import { typedLine } from "../../http/typed-line.js";

type Body = Record<string, string | string[] | undefined>;
export const BULK_LIMIT = 100;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

/** The selected devices, each one this user may manage (another council's device: 404, as on its own page). */
async function selected(ctx: ServiceContext, user: DashUser, body: Body) {
  const raw = body.device === undefined ? [] : Array.isArray(body.device) ? body.device : [body.device];
  const ids = [...new Set(raw.map(String))];
  if (ids.length === 0) throw new AppError("usage", "Select at least one device in the list first.");
  if (ids.length > BULK_LIMIT) throw new AppError("usage", `Select at most ${BULK_LIMIT} devices at once.`);
  const devices = await findDevicesByIds(ctx.db.kysely, ids);
  if (devices.length !== ids.length) throw new AppError("not_found", "There is no such page.");
  for (const d of devices) assertCouncil(user, d.council_id);
  for (const d of devices) assertManage(user, d.council_id);
  return devices;
}

export function registerFleetBulk(app: FastifyInstance, ctx: ServiceContext): void {
  app.post<{ Body: Body }>(`${BASE}/devices/bulk`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const body = request.body ?? {};
    const backText = one(body.back);
    const qs: Qs = Object.fromEntries(new URLSearchParams(backText.startsWith("?") ? backText.slice(1) : ""));
    const back = listSearch(await scopedQuery(ctx, user, qs));
    const typed = { control: one(body.control), reason: one(body.reason), expires: one(body.expires) };
    const action = one(body.action);
    const now = ctx.clock.now();
    const by = { user, ip: request.ip, at: now };
    try {
      const devices = await selected(ctx, user, body);
      if (action === "waiver") {
        const control = ControlId.safeParse(typed.control);
        if (!control.success) throw new AppError("usage", "Choose one of Ward's controls.");
        const reason = typedLine(typed.reason);
        if (!reason) throw new AppError("usage", "A waiver needs a reason.");
        if (reason.length > 500) throw new AppError("usage", "A waiver's reason can have at most 500 characters.");
        const expiresAt = parseExpiry(typed.expires, now);
        await ctx.db.kysely.transaction().execute(async (trx) => {
          for (const d of devices) {
            const w = { councilId: d.council_id, deviceId: d.id, control: control.data, reason, expiresAt };
            await addWaiverAudited(trx, by, w, { bulk: devices.length });
          }
        });
      } else if (action === "acknowledge") {
        await ctx.db.kysely.transaction().execute(async (trx) => {
          const open = await openIntegrityEventsOf(
            trx,
            devices.map((d) => d.id),
          );
          for (const e of open) {
            await acknowledgeEventAudited(trx, by, e, { bulk: devices.length });
          }
        });
      } else throw new AppError("usage", "Choose what to do with the selected devices.");
    } catch (err) {
      // A mistake in the form keeps the person on the list, with the message and what they typed.
      if (err instanceof AppError && err.code === "usage") {
        return sendFleetPage(ctx, reply, user, session.csrf_token, qs, { error: err.message, typed }, 400);
      }
      throw err;
    }
    return reply.redirect(`${BASE}/devices${back}${back ? "&" : "?"}done=${action}`, 303);
  });
}
