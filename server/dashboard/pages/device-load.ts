// The device page's load: the device (if visible), its detail, the policy it confirmed, and one-tap approve links.
import type { ApprovedUsbDevice } from "../../../shared/schemas/policy.js";
import { approveLinkSecret, stickToken, sticksToApprove } from "../../services/approve-link.js";
import type { ServiceContext } from "../../services/context.js";
import { councilPolicy } from "../../services/policy.js";
import { findCouncil } from "../../stores/council-store.js";
import { canManageCouncil, type DashUser } from "../access.js";
import { visibleDevice } from "../council-scope.js";
import { BASE } from "../layout.js";
import { deviceDetail, parseResult } from "../queries/device-detail.js";
import type { StickLink } from "./device-usb.js";

/** Approve links for the sticks in a failing usb-storage result (none when the result names none to approve). */
export async function stickLinks(
  ctx: ServiceContext,
  where: { councilId: string; deviceId: string },
  facts: unknown,
  approved: readonly ApprovedUsbDevice[],
  from: "device" | "home",
): Promise<StickLink[]> {
  const sticks = sticksToApprove(facts, approved);
  if (sticks.length === 0) return [];
  const now = ctx.clock.now();
  const secret = await approveLinkSecret(ctx.db.kysely, now);
  // A stick whose serial cannot fit in a link (stickToken: null) gets no approve link here.
  return sticks.flatMap((s) => {
    const t = stickToken(secret, where.councilId, where.deviceId, s, now);
    return t ? [{ ...s, href: `${BASE}/approve?${new URLSearchParams({ t, from })}` }] : [];
  });
}

export type DevicePageData = Awaited<ReturnType<typeof loadDevicePage>>;

export async function loadDevicePage(ctx: ServiceContext, user: DashUser, id: string) {
  const d = await visibleDevice(ctx.db.kysely, user, id);
  const detail = await deviceDetail(ctx.db.kysely, d);
  const council = await findCouncil(ctx.db.kysely, d.council_id);
  const policy = {
    confirmed: d.policy_version,
    issued: council ? councilPolicy(council).version : 1,
    lastSeenAt: d.last_seen_at,
  };
  const now = ctx.clock.now().toISOString();
  // What needs doing first: failures, then what Ward could not tell, then the rest.
  const order = ["fail", "unknown", "pass", "not_applicable"];
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const results = detail.results
    .map((r) => ({ row: r, result: parseResult(r.result_json) }))
    .sort((x, y) => rank(x.row.status) - rank(y.row.status));
  const usb = results.find((r) => r.row.control === "usb-storage" && r.row.status === "fail");
  const links =
    usb && council && canManageCouncil(user, d.council_id)
      ? await stickLinks(
          ctx,
          { councilId: d.council_id, deviceId: d.id },
          usb.result?.facts,
          councilPolicy(council).approvedUsbDevices,
          "device",
        )
      : [];
  return { d, detail, policy, now, results, links };
}
