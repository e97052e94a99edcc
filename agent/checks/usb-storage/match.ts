// Matches a seen device against the council's approved list: vendor id + product id + serial, else vendor + product.
import type { ApprovedUsbDevice } from "../../../shared/schemas/policy.js";
import type { ObservedDevice } from "./device.js";

export type Approval =
  | {
      status: "approved";
      /** "serial": ids and serial match. "vendor-product": the device has no serial, or the approval covers any serial. */
      match: "serial" | "vendor-product";
      approvalLabel: string;
      approvedBy: string;
    }
  | { status: "not-approved" }
  /** No USB ids could be read for this device, so no approval can be matched to it. */
  | { status: "unidentified" };

export function approvalFor(d: Pick<ObservedDevice, "vendorId" | "productId" | "serial">, approvals: readonly ApprovedUsbDevice[]): Approval {
  // Ids unread (Windows' device history keeps names, not USB ids): unknown only while some approval could still be
  // this device. With none that could (nothing approved, or no approval fits what was read), it is not approved.
  if (!d.vendorId || !d.productId) return approvals.some((a) => couldMatch(d, a)) ? { status: "unidentified" } : { status: "not-approved" };
  const same = approvals.filter((a) => a.vendorId === d.vendorId && a.productId === d.productId);
  if (d.serial) {
    // Windows upper-cases instance serials; Linux and macOS keep the device's case: compare without case.
    const want = d.serial.toUpperCase();
    const exact = same.find((a) => a.serial !== null && a.serial.toUpperCase() === want);
    if (exact) return approved(exact, "serial");
    const any = same.find((a) => a.serial === null);
    return any ? approved(any, "vendor-product") : { status: "not-approved" };
  }
  const first = same[0];
  return first ? approved(first, "vendor-product") : { status: "not-approved" };
}

function approved(a: ApprovedUsbDevice, match: "serial" | "vendor-product"): Approval {
  return { status: "approved", match, approvalLabel: a.label, approvedBy: a.approvedBy };
}

/** Whether an approval could be this device, judging only by what was read (a missing field rules nothing out). */
function couldMatch(d: Pick<ObservedDevice, "vendorId" | "productId" | "serial">, a: ApprovedUsbDevice): boolean {
  if (d.vendorId && a.vendorId !== d.vendorId) return false;
  if (d.productId && a.productId !== d.productId) return false;
  return a.serial === null || !d.serial || a.serial.toUpperCase() === d.serial.toUpperCase();
}
