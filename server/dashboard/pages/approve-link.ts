// One-tap approval from an alert email or a device page: the signed link opens a confirm page (it changes nothing);
// the confirm is a POST with the session's CSRF token, checked for council, role and expiry again, then audited.
import type { FastifyInstance } from "fastify";
import { approvalFor } from "../../../shared/controls/usb-approval.js";
import { AppError } from "../../../shared/errors.js";
import { Policy } from "../../../shared/schemas/policy.js";
import { APPROVE_LINK_DAYS, approveLinkSecret, checkApproveLink } from "../../services/approve-link.js";
import type { ServiceContext } from "../../services/context.js";
import { findCouncilById } from "../../stores/council-store.js";
import { findDevice } from "../../stores/device-store.js";
import { canManageCouncil, canSeeCouncil, type DashUser, ROLE_LABELS } from "../access.js";
import { approveUsbAudited, revokedSince } from "../approvals.js";
import { BASE, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { type ApproveLinkState, approveLinkView } from "./approve-link-view.js";
import { typedLine } from "../../http/typed-line.js";

type Body = Record<string, string | undefined>;

/** What the link means for this user now: refused (in words), expired, already done, or ready to confirm. */
async function load(
  ctx: ServiceContext,
  user: DashUser,
  token: string,
  fromDevice: boolean,
): Promise<ApproveLinkState> {
  const q = ctx.db.kysely;
  const now = ctx.clock.now();
  const checked = checkApproveLink(await approveLinkSecret(q, now), token, now);
  if (checked.state === "invalid") return { kind: "invalid" };
  const claim = checked.claim;
  const council = await findCouncilById(q, claim.c);
  if (!council) return { kind: "invalid" };
  if (!canSeeCouncil(user, claim.c)) return { kind: "other-council", who: `${user.email} (${ROLE_LABELS[user.role]})` };
  if (!canManageCouncil(user, claim.c)) return { kind: "viewer", claim, councilName: council.name };
  const policy = Policy.parse(JSON.parse(council.policy_json));
  const device = await findDevice(q, claim.d);
  const hostname = device?.council_id === claim.c ? device.hostname : null;
  const match = approvalFor({ vendorId: claim.v, productId: claim.p, serial: claim.s }, policy.approvedUsbDevices);
  // Already covered: say so whatever the link's age (an approval made meanwhile from the approvals page).
  if (match.status === "approved") return { kind: "already", claim, approval: match.approval, hostname };
  // Withdrawn after the link was made (a lost stick, say): the old email must not put it back.
  const issued = new Date((claim.e - APPROVE_LINK_DAYS * 86_400) * 1000);
  const id = { vendorId: claim.v, productId: claim.p, serial: claim.s };
  const revoked = await revokedSince(q, claim.c, id, issued);
  if (revoked) return { kind: "revoked", claim, councilName: council.name, ...revoked };
  if (checked.state === "expired") return { kind: "expired", claim, councilName: council.name };
  return {
    kind: "confirm",
    token,
    claim,
    councilName: council.name,
    hostname,
    intervalMinutes: policy.checkIntervalMinutes,
    fromDevice,
  };
}

function show(state: ApproveLinkState, user: DashUser, csrf: string) {
  const v = approveLinkView(state, csrf);
  const councilId = "claim" in state ? state.claim.c : null;
  return {
    text: page({ title: v.title, user, csrf, councilId: councilId ?? user.councilId, body: v.body }),
    status: v.status,
  };
}

export function registerApproveLink(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Querystring: { t?: string; from?: string } }>(`${BASE}/approve`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const state = await load(ctx, user, String(request.query.t ?? ""), request.query.from === "device");
    const { text, status } = show(state, user, session.csrf_token);
    return sendPage(reply, text, status);
  });

  app.post<{ Body: Body }>(`${BASE}/approve`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const state = await load(ctx, user, String(request.body.t ?? ""), false);
    if (state.kind !== "confirm") {
      const { text, status } = show(state, user, session.csrf_token);
      return sendPage(reply, text, status);
    }
    const c = state.claim;
    if (c.s === null && request.body.everyOfModel !== "1") {
      throw new AppError(
        "usage",
        `This model reports no serial number, so approving it approves every ${c.n || "stick of this model"}. Tick "Yes, approve every …" to confirm that.`,
      );
    }
    const reason = typedLine(request.body.reason).slice(0, 500);
    if (!reason) throw new AppError("usage", "Say why this stick is approved (it goes in the audit log).");
    const id = { vendorId: c.v, productId: c.p, serial: c.s };
    await approveUsbAudited({ db: ctx.db, clock: ctx.clock }, { user, ip: request.ip }, c.c, id, c.n, reason);
    const back = state.hostname ? `${BASE}/devices/${encodeURIComponent(c.d)}` : `${BASE}/councils/${c.c}/approvals`;
    return reply.redirect(`${back}?done=usb-approved`, 303);
  });
}
