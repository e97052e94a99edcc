// USB approvals change the council's policy (version +1, signed by the collector), which agents fetch and apply.
import { sameUsbIdentity } from "../../shared/controls/usb-approval.js";
import { type ApprovalId, approvalId, approvalTarget } from "../../shared/controls/usb-approval-id.js";
import { AppError } from "../../shared/errors.js";
import { UsbHex4 } from "../../shared/schemas/common.js";
import { type ApprovedUsbDevice, Policy } from "../../shared/schemas/policy.js";
import type { Clock } from "../clock.js";
import type { Db } from "../db/connect.js";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { requireCouncilById, updateCouncilPolicy } from "../services/admin.js";
import type { DashUser } from "./access.js";
import { audit } from "./audit.js";

/** A stick as an approval names it (serial null: every device of that vendor and product). */
export type UsbIdentity = ApprovalId;

export function parseIdentity(body: Record<string, string | undefined>): UsbIdentity {
  const serial = String(body.serial ?? "").trim();
  const id = approvalId({
    vendorId: String(body.vendorId ?? ""),
    productId: String(body.productId ?? ""),
    serial: serial === "" ? null : serial,
  });
  if (!UsbHex4.safeParse(id.vendorId).success || !UsbHex4.safeParse(id.productId).success) {
    throw new AppError(
      "usage",
      "Ward can only approve a device whose USB vendor and product ids it read (4 hex digits each).",
    );
  }
  if (serial.length > 256) throw new AppError("usage", "That serial number is too long.");
  return id;
}

export async function currentApprovals(
  deps: { db: Db; clock: Clock },
  councilId: string,
): Promise<ApprovedUsbDevice[]> {
  const council = await requireCouncilById(deps, councilId);
  return Policy.parse(JSON.parse(council.policy_json)).approvedUsbDevices;
}

export async function approveUsb(
  deps: { db: Db; clock: Clock },
  councilId: string,
  id: UsbIdentity,
  label: string,
  approvedBy: string,
): Promise<{ version: number; approval: ApprovedUsbDevice }> {
  const approval: ApprovedUsbDevice = {
    ...id,
    label: label.trim().slice(0, 200) || "USB storage",
    approvedBy: approvedBy.slice(0, 200),
    approvedAt: deps.clock.now().toISOString(),
  };
  const next = await updateCouncilPolicy(
    deps,
    councilId,
    (policy) => {
      if (policy.approvedUsbDevices.some((a) => sameUsbIdentity(a, id)))
        throw new AppError("conflict", "This device is already approved.");
      return { ...policy, approvedUsbDevices: [...policy.approvedUsbDevices, approval] };
    },
    "id",
  );
  return { version: Policy.parse(JSON.parse(next.policy_json)).version, approval };
}

export async function revokeUsb(
  deps: { db: Db; clock: Clock },
  councilId: string,
  id: UsbIdentity,
): Promise<{ version: number; removed: ApprovedUsbDevice }> {
  let removed: ApprovedUsbDevice | undefined;
  const next = await updateCouncilPolicy(
    deps,
    councilId,
    (policy) => {
      removed = policy.approvedUsbDevices.find((a) => sameUsbIdentity(a, id));
      if (!removed) throw new AppError("not_found", "That device is not on the approved list.");
      return { ...policy, approvedUsbDevices: policy.approvedUsbDevices.filter((a) => a !== removed) };
    },
    "id",
  );
  return { version: Policy.parse(JSON.parse(next.policy_json)).version, removed: removed! };
}

/** Approves a stick and writes the audit entry (who, the stick, why, the policy version): every approve path uses this. */
export async function approveUsbAudited(
  deps: { db: Db; clock: Clock },
  by: { user: DashUser; ip: string },
  councilId: string,
  id: UsbIdentity,
  label: string,
  reason: string,
): Promise<{ version: number; approval: ApprovedUsbDevice }> {
  const done = await approveUsb(deps, councilId, id, label, by.user.email);
  await audit(deps.db.kysely, {
    at: deps.clock.now(),
    userId: by.user.id,
    actor: by.user.email,
    councilId,
    action: "usb.approve",
    target: approvalTarget(id),
    detail: { label: done.approval.label, serial: id.serial, reason, policyVersion: done.version },
    ip: by.ip,
  });
  return done;
}

/**
 * The newest withdrawal (`usb.revoke`) of exactly this stick's approval in this council at or after `since`, if any:
 * who and when. A link's issue time is known to the second only, so one in the same second counts as after it. An entry whose detail records the serial must name the same one (a serial "*" is not "every serial").
 */
export async function revokedSince(
  q: Kysely<Database>,
  councilId: string,
  id: UsbIdentity,
  since: Date,
): Promise<{ at: string; actor: string } | null> {
  const rows = await q
    .selectFrom("audit_log")
    .select(["at", "actor", "detail_json"])
    .where("action", "=", "usb.revoke")
    .where("council_id", "=", councilId)
    .where("target", "=", approvalTarget(id))
    .where("at", ">=", since.toISOString())
    .orderBy("at", "desc")
    .execute();
  const hit = rows.find((r) => sameSerialInDetail(r.detail_json, id.serial));
  return hit ? { at: hit.at, actor: hit.actor } : null;
}

function sameSerialInDetail(json: string, serial: string | null): boolean {
  try {
    const detail = JSON.parse(json) as Record<string, unknown>;
    return !("serial" in detail) || detail.serial === serial;
  } catch {
    return true;
  }
}
