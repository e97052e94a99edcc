// Re-enrolment requests on the overview (known hardware, a new key): loads them and the keys replaced (drawn by
// reenrolments-view.ts); a provider admin approves or refuses.
import type { FastifyInstance } from "fastify";
import { approveReenrolment, refuseReenrolment } from "../../services/reenrol.js";
import type { ServiceContext } from "../../services/context.js";
import { keysReplacedSince, listPendingRequests } from "../../stores/reenrol-store.js";
import { canManageUsers, type DashUser, isProvider } from "../access.js";
import { auditBy } from "../audit.js";
import type { Html } from "../html.js";
import { BASE } from "../layout.js";
import { requireUser } from "../request-context.js";
import { reenrolmentsView } from "./reenrolments-view.js";

/** A device whose key was replaced this recently is marked on the overview. */
export const KEY_REPLACED_SHOWN_MS = 30 * 86_400_000;

export async function reenrolmentSection(ctx: ServiceContext, user: DashUser, csrf: string): Promise<Html> {
  const councilId = isProvider(user) ? null : user.councilId;
  const q = ctx.db.kysely;
  const since = new Date(ctx.clock.now().getTime() - KEY_REPLACED_SHOWN_MS).toISOString();
  const [pending, replaced] = await Promise.all([
    isProvider(user) ? listPendingRequests(q) : Promise.resolve([]),
    keysReplacedSince(q, since, councilId),
  ]);
  return reenrolmentsView({ pending, replaced, admin: canManageUsers(user), csrf });
}

export function registerReenrolments(app: FastifyInstance, ctx: ServiceContext): void {
  for (const decision of ["approve", "refuse"] as const) {
    app.post<{ Params: { id: string } }>(`${BASE}/reenrolments/:id/${decision}`, async (request, reply) => {
      const { user } = requireUser(request);
      if (!canManageUsers(user)) return reply.code(403).send("Only a provider admin can decide a re-enrolment.");
      const { deviceId } =
        decision === "approve"
          ? await approveReenrolment(ctx, request.params.id, user.email)
          : await refuseReenrolment(ctx, request.params.id, user.email);
      await auditBy(
        ctx.db.kysely,
        { user, ip: request.ip, at: ctx.clock.now() },
        {
          councilId: null,
          action: `reenrol.${decision}`,
          target: deviceId,
          detail: { requestId: request.params.id },
        },
      );
      return reply.redirect(`${BASE}/?reenrol=${decision}d`, 303);
    });
  }
}
