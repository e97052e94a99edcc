// The USB approval rule, once for every side: does the council's approved list cover this stick, and are two the same?
import type { ApprovedUsbDevice } from "../schemas/policy.js";

/** What identifies a stick for approval: USB vendor and product ids (4 lowercase hex digits) and its serial, if any. */
export interface UsbIdentity {
  vendorId: string | null;
  productId: string | null;
  /** null when the stick reports no serial (or, in an approval, "any serial of this make and model"). */
  serial: string | null;
}

export type UsbApproval =
  | {
      status: "approved";
      /** "serial": ids and serial match. "vendor-product": the approval covers any serial of that make and model. */
      match: "serial" | "vendor-product";
      approval: ApprovedUsbDevice;
    }
  | { status: "not-approved" }
  /** No USB ids could be read for this device, and some approval could still be it: Ward cannot tell. */
  | { status: "unidentified" };

/** Windows upper-cases instance serials; Linux and macOS keep the device's case: serials compare without case. */
const sameSerial = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/**
 * The approval that covers a stick. A stick with a serial matches an approval of that serial, else an approval of
 * any serial of its make and model. A stick without a serial cannot be told from another of its make and model,
 * so only an "any serial" approval covers it: an approval of one serial never covers a serial-less stick.
 * Ids unread (Windows' device history keeps names, not USB ids): unidentified only while some approval could still be
 * this device; with none that could (nothing approved, or no approval fits what was read), it is not approved.
 */
export function approvalFor(d: UsbIdentity, approvals: readonly ApprovedUsbDevice[]): UsbApproval {
  if (!d.vendorId || !d.productId)
    return approvals.some((a) => couldMatch(d, a)) ? { status: "unidentified" } : { status: "not-approved" };
  const same = approvals.filter((a) => a.vendorId === d.vendorId && a.productId === d.productId);
  const serial = d.serial;
  const exact = serial ? same.find((a) => a.serial !== null && sameSerial(a.serial, serial)) : undefined;
  if (exact) return { status: "approved", match: "serial", approval: exact };
  const any = same.find((a) => a.serial === null);
  return any ? { status: "approved", match: "vendor-product", approval: any } : { status: "not-approved" };
}

/** Whether an approval could be this device, judging only by what was read (a missing field rules nothing out). */
function couldMatch(d: UsbIdentity, a: ApprovedUsbDevice): boolean {
  if (d.vendorId && a.vendorId !== d.vendorId) return false;
  if (d.productId && a.productId !== d.productId) return false;
  return a.serial === null || !d.serial || sameSerial(a.serial, d.serial);
}

/** True when two identities name the same approval entry (an "any serial" entry is not the same as a serial one). */
export function sameUsbIdentity(a: UsbIdentity, b: UsbIdentity): boolean {
  if (a.vendorId !== b.vendorId || a.productId !== b.productId) return false;
  if (a.serial === null || b.serial === null) return a.serial === b.serial;
  return sameSerial(a.serial, b.serial);
}
