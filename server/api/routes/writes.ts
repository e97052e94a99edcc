// Write routes (a write token only): add and revoke waivers, approve and revoke USB storage; each one audited.
import type { z } from "zod";
import { type ApprovalId, approvalId, approvalTarget } from "../../../shared/controls/usb-approval-id.js";
import { AppError } from "../../../shared/errors.js";
import type { ApprovedUsbDevice } from "../../../shared/schemas/policy.js";
import { assertManage } from "../../dashboard/access.js";
import { approveUsb, revokeUsb } from "../../dashboard/approvals.js";
import { type AuditEntry, audit } from "../../dashboard/audit.js";
import { parseExpiry } from "../../dashboard/pages/device-actions.js";
import { findWaiver, insertWaiver, revokeWaiver } from "../../stores/waiver-store.js";
import type { ServiceContext } from "../../services/context.js";
import type { ApiPrincipal } from "../principal.js";
import { defineRoute, type HandlerInput } from "../route.js";
import {
  ApprovalChange,
  CouncilId,
  DeviceId,
  NewApproval,
  NewWaiver,
  UsbIdentityBody,
  Waiver,
  WaiverId,
} from "../schemas.js";
import { visibleCouncil, visibleDevice } from "../scope.js";
import { waiverOut } from "./records.js";
import { typedLine } from "../../http/typed-line.js";

/** An audit entry by the calling token (`via: "api"` in its detail). */
function apiAudit(
  ctx: ServiceContext,
  principal: ApiPrincipal,
  ip: string,
  at: Date,
  e: Pick<AuditEntry, "councilId" | "action" | "target"> & { detail: Record<string, unknown> },
): Promise<void> {
  return audit(ctx.db.kysely, {
    at,
    userId: null,
    actor: principal.actor,
    ...e,
    detail: { ...e.detail, via: "api" },
    ip,
  });
}

type ApprovalInput = HandlerInput<{ councilId: string }, unknown, z.infer<typeof UsbIdentityBody>>;

/** Approve or revoke through the dashboard's own write path (policy version + 1), audited as the token. */
async function changeApproval(
  { ctx, principal, params, body, ip }: ApprovalInput,
  action: "usb.approve" | "usb.revoke",
  change: (
    deps: Pick<ServiceContext, "db" | "clock">,
    councilId: string,
    id: ApprovalId,
  ) => Promise<{ version: number; approval: ApprovedUsbDevice }>,
) {
  const c = await visibleCouncil(ctx, principal.user, params.councilId);
  assertManage(principal.user, c.id);
  const id = approvalId(body);
  const { version, approval } = await change({ db: ctx.db, clock: ctx.clock }, c.id, id);
  await apiAudit(ctx, principal, ip, ctx.clock.now(), {
    councilId: c.id,
    action,
    target: approvalTarget(id),
    detail: { label: approval.label, serial: id.serial, reason: typedLine(body.reason), policyVersion: version },
  });
  return { policyVersion: version, approval };
}

export const writeRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/v1/devices/:deviceId/waivers",
    operationId: "addWaiver",
    summary: "Waive one control on one device until a date (at most a year)",
    tag: "Waivers",
    write: true,
    status: 201,
    params: DeviceId,
    body: NewWaiver,
    response: Waiver,
    async handler({ ctx, principal, params, body, ip }) {
      const d = await visibleDevice(ctx, principal.user, params.deviceId);
      assertManage(principal.user, d.council_id);
      const now = ctx.clock.now();
      const expiresAt = parseExpiry(body.expiresOn, now);
      const reason = typedLine(body.reason);
      const w = await insertWaiver(ctx.db.kysely, {
        councilId: d.council_id,
        deviceId: d.id,
        control: body.control,
        reason,
        approvedBy: principal.actor,
        expiresAt,
        now,
      });
      await apiAudit(ctx, principal, ip, now, {
        councilId: d.council_id,
        action: "waiver.add",
        target: d.id,
        detail: { waiver: w.id, control: body.control, reason, expiresAt: w.expires_at },
      });
      return waiverOut(w, now.toISOString());
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/waivers/:waiverId/revoke",
    operationId: "revokeWaiver",
    summary: "Revoke a waiver now",
    tag: "Waivers",
    write: true,
    params: WaiverId,
    response: Waiver,
    async handler({ ctx, principal, params, ip }) {
      const w = await findWaiver(ctx.db.kysely, params.waiverId);
      if (!w) throw new AppError("not_found", "There is no such waiver.");
      await visibleCouncil(ctx, principal.user, w.council_id).catch(() => {
        throw new AppError("not_found", "There is no such waiver.");
      });
      assertManage(principal.user, w.council_id);
      const now = ctx.clock.now();
      await revokeWaiver(ctx.db.kysely, w.id, principal.actor, now);
      await apiAudit(ctx, principal, ip, now, {
        councilId: w.council_id,
        action: "waiver.revoke",
        target: w.device_id,
        detail: { waiver: w.id, control: w.control },
      });
      return waiverOut({ ...w, revoked_at: now.toISOString(), revoked_by: principal.actor }, now.toISOString());
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/councils/:councilId/approvals",
    operationId: "approveUsb",
    summary:
      "Approve a USB storage device: added to the council's policy (version + 1), which laptops fetch at their next check",
    tag: "Approvals",
    write: true,
    status: 201,
    params: CouncilId,
    body: NewApproval,
    response: ApprovalChange,
    handler: (input) =>
      changeApproval(input, "usb.approve", (deps, councilId, id) =>
        approveUsb(deps, councilId, id, typedLine(input.body.label), input.principal.actor),
      ),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/councils/:councilId/approvals/revoke",
    operationId: "revokeUsbApproval",
    summary: "Remove a USB storage device from the council's approved list (policy version + 1)",
    tag: "Approvals",
    write: true,
    params: CouncilId,
    body: UsbIdentityBody,
    response: ApprovalChange,
    handler: (input) =>
      changeApproval(input, "usb.revoke", async (deps, councilId, id) => {
        const { version, removed } = await revokeUsb(deps, councilId, id);
        return { version, approval: removed };
      }),
  }),
];
