// A provider admin's decision on a re-enrolment request: approve (the new key replaces the old one) or refuse.
import { AppError } from "../../shared/errors.js";
import { EnrollRequest } from "../../shared/schemas/api.js";
import { findDevice, findDeviceIdByKey } from "../stores/device-store.js";
import { decideRequest, findReenrolRequest } from "../stores/reenrol-store.js";
import type { ServiceContext } from "./context.js";
import { deviceFields, replaceDeviceKey } from "./enroll.js";

/** Approves: the device keeps its id, its key becomes the requested one (a new chain), the old key is refused from now. */
export async function approveReenrolment(
  ctx: ServiceContext,
  requestId: string,
  by: string,
): Promise<{ deviceId: string }> {
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await findReenrolRequest(trx, requestId);
    if (!r) throw new AppError("not_found", "No such re-enrolment request.");
    if (!(await decideRequest(trx, r.id, "approved", by, now)))
      throw new AppError("conflict", `This request was already ${r.status}.`);
    const device = await findDevice(trx, r.device_id);
    if (!device) throw new AppError("not_found", "The device of this request no longer exists.");
    const clash = await findDeviceIdByKey(trx, r.key_id);
    if (clash) throw new AppError("conflict", `That key is already enrolled as device ${clash.id}.`);
    const req = EnrollRequest.omit({ token: true }).parse({
      ...(JSON.parse(r.request_json) as object),
      publicKey: r.public_key,
    });
    const fields = deviceFields({ ...req, token: "" } as EnrollRequest, r.key_id, now);
    // Last seen stays the old key's: the new key has not reported yet.
    await replaceDeviceKey(
      ctx,
      trx,
      device,
      { ...fields, last_seen_at: device.last_seen_at ?? now },
      { tokenId: r.token_id, how: "approved", approvedBy: by, now },
    );
    return { deviceId: device.id };
  });
}

export async function refuseReenrolment(
  ctx: ServiceContext,
  requestId: string,
  by: string,
): Promise<{ deviceId: string }> {
  const r = await findReenrolRequest(ctx.db.kysely, requestId);
  if (!r) throw new AppError("not_found", "No such re-enrolment request.");
  if (!(await decideRequest(ctx.db.kysely, r.id, "refused", by, ctx.clock.now().toISOString()))) {
    throw new AppError("conflict", `This request was already ${r.status}.`);
  }
  return { deviceId: r.device_id };
}
