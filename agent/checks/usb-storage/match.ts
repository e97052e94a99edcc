// Matches a seen device against the council's approved list with the shared rule (shared/controls/usb-approval.ts).
import { approvalFor as sharedApprovalFor } from "../../../shared/controls/usb-approval.js";
import type { ApprovedUsbDevice } from "../../../shared/schemas/policy.js";
import type { ObservedDevice } from "./device.js";

export type Approval =
  | {
      status: "approved";
      /** "serial": ids and serial match. "vendor-product": the approval covers any serial of that make and model. */
      match: "serial" | "vendor-product";
      approvalLabel: string;
      approvedBy: string;
    }
  | { status: "not-approved" }
  /** No USB ids could be read for this device, and some approval could still be it. */
  | { status: "unidentified" };

export function approvalFor(
  d: Pick<ObservedDevice, "vendorId" | "productId" | "serial">,
  approvals: readonly ApprovedUsbDevice[],
): Approval {
  const a = sharedApprovalFor(d, approvals);
  if (a.status !== "approved") return a;
  return { status: "approved", match: a.match, approvalLabel: a.approval.label, approvedBy: a.approval.approvedBy };
}
