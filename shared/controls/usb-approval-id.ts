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

/** The audit log's target for an approval change: `vendor:product:serial`, `*` for every serial. */
export function approvalTarget(id: ApprovalId): string {
  return `${id.vendorId}:${id.productId}:${id.serial ?? "*"}`;
}
