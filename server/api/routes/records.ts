// Read routes for a council's records: alerts sent or pending, integrity events, waivers, approved USB devices.
import { z } from "zod";
import { Policy } from "../../../shared/schemas/policy.js";
import { listRoute, ofCouncil } from "../list-route.js";
import { PageQuery } from "../paging.js";
import { alertsPage, integrityEventsPage, waiversPage } from "../queries/records.js";
import { defineRoute } from "../route.js";
import { Alert, Approvals, CouncilId, IntegrityEvent, Waiver } from "../schemas.js";
import { visibleCouncil } from "../scope.js";
import type { WaiverRow } from "../../stores/waiver-store.js";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function waiverOut(w: WaiverRow, now: string) {
  return {
    id: w.id,
    councilId: w.council_id,
    deviceId: w.device_id,
    control: w.control,
    reason: w.reason,
    approvedBy: w.approved_by,
    createdAt: w.created_at,
    expiresAt: w.expires_at,
    revokedAt: w.revoked_at,
    revokedBy: w.revoked_by,
    active: w.revoked_at === null && w.expires_at > now,
  };
}

export const recordRoutes = [
  listRoute({
    path: "/api/v1/councils/:councilId/alerts",
    operationId: "listAlerts",
    summary: "Alerts for a council (one row per alert and destination), newest first",
    tag: "Alerts",
    owner: ofCouncil,
    query: PageQuery.extend({ status: z.enum(["pending", "sent", "failed"]).optional() }),
    item: Alert,
    load: (ctx, councilId, query) => alertsPage(ctx.db.kysely, councilId, query),
    out: (a) => ({
      id: a.id,
      idempotencyKey: a.idempotency_key,
      kind: a.kind,
      rule: a.rule,
      deviceId: a.device_id,
      destination: a.destination,
      status: a.status,
      attempts: Number(a.attempts),
      lastError: a.last_error,
      createdAt: a.created_at,
      sentAt: a.sent_at,
    }),
  }),
  listRoute({
    path: "/api/v1/councils/:councilId/integrity-events",
    operationId: "listIntegrityEvents",
    summary: "Report-chain integrity events (gaps, forks, re-enrolments…), newest first",
    tag: "Integrity events",
    owner: ofCouncil,
    query: PageQuery.extend({
      open: z.enum(["true", "false"]).optional().describe("true: only those not yet acknowledged"),
    }),
    item: IntegrityEvent,
    load: (ctx, councilId, query) => integrityEventsPage(ctx.db.kysely, councilId, query),
    out: (e) => ({
      id: e.id,
      deviceId: e.device_id,
      kind: e.kind,
      seq: e.seq === null ? null : Number(e.seq),
      detail: parseJson(e.detail_json),
      createdAt: e.created_at,
      acknowledgedAt: e.acknowledged_at,
    }),
  }),
  listRoute({
    path: "/api/v1/councils/:councilId/waivers",
    operationId: "listWaivers",
    summary: "A council's waivers (in force, expired and revoked), newest first",
    tag: "Waivers",
    owner: ofCouncil,
    query: PageQuery,
    item: Waiver,
    load: (ctx, councilId, query) => waiversPage(ctx.db.kysely, councilId, query),
    out: waiverOut,
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/councils/:councilId/approvals",
    operationId: "listApprovals",
    summary: "USB storage devices the council approved (from its current policy)",
    tag: "Approvals",
    write: false,
    params: CouncilId,
    response: Approvals,
    async handler({ ctx, principal, params }) {
      const c = await visibleCouncil(ctx, principal.user, params.councilId);
      const policy = Policy.parse(JSON.parse(c.policy_json));
      return { policyVersion: policy.version, approvedUsbDevices: policy.approvedUsbDevices };
    },
  }),
];
