// Device forms: asset register edits, waiver revocation and event acknowledgement (each audited).
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import type { ServiceContext } from "../../services/context.js";
import { findIntegrityEvent } from "../../stores/event-store.js";
import { findWaiver, revokeWaiver } from "../../stores/waiver-store.js";
import { assertManage } from "../access.js";
import { upsertDeviceAsset } from "../asset-store.js";
import { audit } from "../audit.js";
import { acknowledgeEventAudited } from "../audited-writes.js";
import { BASE } from "../layout.js";
import { requireUser } from "../request-context.js";
import { visibleDevice } from "../council-scope.js";
import { typedLine } from "../../http/typed-line.js";

type Body = Record<string, string | undefined>;
const MAX_WAIVER_DAYS = 366;

function field(body: Body, name: string, max: number): string {
  const v = typedLine(body[name]);
  if (v.length > max) throw new AppError("usage", `${name.replace("_", " ")} can have at most ${max} characters.`);
  return v;
}

/** "2026-12-31" → the end of that day, UTC; must be after now and within a year. */
export function parseExpiry(text: string, now: Date): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new AppError("usage", "A waiver needs an expiry date (no permanent snoozes).");
  const at = new Date(`${text}T23:59:59.999Z`);
  if (Number.isNaN(at.getTime()) || at <= now) throw new AppError("usage", "The expiry date must be in the future.");
  if (at.getTime() - now.getTime() > MAX_WAIVER_DAYS * 86_400_000)
    throw new AppError("usage", "A waiver can last at most a year.");
  return at;
}

export function registerDeviceActions(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/devices/:id/asset`, async (request, reply) => {
    const { user } = requireUser(request);
    const d = await visibleDevice(ctx.db.kysely, user, request.params.id);
    assertManage(user, d.council_id);
    const now = ctx.clock.now().toISOString();
    const values = {
      asset_number: field(request.body, "asset_number", 100),
      assigned_user: field(request.body, "assigned_user", 200),
      location: field(request.body, "location", 200),
    };
    await upsertDeviceAsset(q, d.id, values, user.email, now);
    await audit(q, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: d.council_id,
      action: "asset.edit",
      target: d.id,
      detail: values,
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/devices/${d.id}?done=asset`, 303);
  });

  // New waivers: waiver-form.ts (a problem brings the form back with what was typed).
  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/waivers/:id/revoke`, async (request, reply) => {
    const { user } = requireUser(request);
    const w = await findWaiver(q, request.params.id);
    if (!w) throw new AppError("not_found", "There is no such page.");
    assertManage(user, w.council_id);
    const now = ctx.clock.now();
    await revokeWaiver(q, w.id, user.email, now);
    await audit(q, {
      at: now,
      userId: user.id,
      actor: user.email,
      councilId: w.council_id,
      action: "waiver.revoke",
      target: w.device_id,
      detail: { waiver: w.id, control: w.control },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/councils/${w.council_id}/waivers`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/events/:id/acknowledge`, async (request, reply) => {
    const { user } = requireUser(request);
    const e = await findIntegrityEvent(q, request.params.id);
    if (!e) throw new AppError("not_found", "There is no such page.");
    assertManage(user, e.council_id);
    const now = ctx.clock.now();
    await acknowledgeEventAudited(q, { user, ip: request.ip, at: now }, e);
    return reply.redirect(`${BASE}/devices/${e.device_id}?done=event`, 303);
  });
}
