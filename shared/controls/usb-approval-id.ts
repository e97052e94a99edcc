// A stick named in an approval change (approve, revoke): its ids as the approved list keeps them, and its audit target.

/** A stick as an approval names it; serial null means every stick of that vendor and product. */
export interface ApprovalId {
  vendorId: string;
  productId: string;
  serial: string | null;
}

/** USB vendor and product ids in lowercase hex, as agents report them and the approved list keeps them. */
export function approvalId(id: ApprovalId): ApprovalId {
  return { vendorId: id.vendorId.toLowerCase(), productId: id.productId.toLowerCase(), serial: id.serial };
}

/**
 * The audit log's target for an approval change: `vendor:product:serial`, `*` for every serial. A serial may itself be
 * "*" or hold ":", so the entry's detail records the serial too (`serial`, null for every serial): read it back with
 * auditedApprovalId.
 */
export function approvalTarget(id: ApprovalId): string {
  return `${id.vendorId}:${id.productId}:${id.serial ?? "*"}`;
}

/**
 * The stick an approval change's audit entry names: the serial from its detail; for older entries without it, read
 * from the target (where a serial "*" cannot be told from every serial, so "*" reads as every serial).
 */
export function auditedApprovalId(target: string | null, detail: Record<string, unknown>): ApprovalId {
  const [vendorId = "", productId = "", ...rest] = (target ?? "").split(":");
  const recorded = detail.serial;
  if ("serial" in detail && (recorded === null || typeof recorded === "string"))
    return { vendorId, productId, serial: recorded };
  const serial = rest.join(":");
  return { vendorId, productId, serial: serial === "*" || serial === "" ? null : serial };
}
