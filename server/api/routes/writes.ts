// Write routes (a write token only): add and revoke waivers, approve and revoke USB storage; each one audited.
import { approvalId, approvalTarget } from "../../../shared/controls/usb-approval-id.js";
import { AppError } from "../../../shared/errors.js";
import { assertManage } from "../../dashboard/access.js";
import { approveUsb, revokeUsb } from "../../dashboard/approvals.js";
import { audit } from "../../dashboard/audit.js";
import { parseExpiry } from "../../dashboard/pages/device-actions.js";
import { findWaiver, insertWaiver, revokeWaiver } from "../../stores/waiver-store.js";
import { defineRoute } from "../route.js";
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

const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, " ").trim();

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
      const reason = clean(body.reason);
      const w = await insertWaiver(ctx.db.kysely, {
        councilId: d.council_id,
        deviceId: d.id,
        control: body.control,
        reason,
        approvedBy: principal.actor,
        expiresAt,
        now,
      });
      await audit(ctx.db.kysely, {
        at: now,
        userId: null,
        actor: principal.actor,
        councilId: d.council_id,
        action: "waiver.add",
        target: d.id,
        detail: { waiver: w.id, control: body.control, reason, expiresAt: w.expires_at, via: "api" },
        ip,
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
      await audit(ctx.db.kysely, {
        at: now,
        userId: null,
        actor: principal.actor,
        councilId: w.council_id,
        action: "waiver.revoke",
        target: w.device_id,
        detail: { waiver: w.id, control: w.control, via: "api" },
        ip,
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
    async handler({ ctx, principal, params, body, ip }) {
      const c = await visibleCouncil(ctx, principal.user, params.councilId);
      assertManage(principal.user, c.id);
      const id = approvalId(body);
      const { version, approval } = await approveUsb(
        { db: ctx.db, clock: ctx.clock },
        c.id,
        id,
        clean(body.label),
        principal.actor,
      );
      await audit(ctx.db.kysely, {
        at: ctx.clock.now(),
        userId: null,
        actor: principal.actor,
        councilId: c.id,
        action: "usb.approve",
        target: approvalTarget(id),
        detail: { label: approval.label, reason: clean(body.reason), policyVersion: version, via: "api" },
        ip,
      });
      return { policyVersion: version, approval };
    },
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
    async handler({ ctx, principal, params, body, ip }) {
      const c = await visibleCouncil(ctx, principal.user, params.councilId);
      assertManage(principal.user, c.id);
      const id = approvalId(body);
      const { version, removed } = await revokeUsb({ db: ctx.db, clock: ctx.clock }, c.id, id);
      await audit(ctx.db.kysely, {
        at: ctx.clock.now(),
        userId: null,
        actor: principal.actor,
        councilId: c.id,
        action: "usb.revoke",
        target: approvalTarget(id),
        detail: { label: removed.label, reason: clean(body.reason), policyVersion: version, via: "api" },
        ip,
      });
      return { policyVersion: version, approval: removed };
    },
  }),
];
