// Read routes for councils and their devices: list, one device with its results, a device's status history.
import { Policy } from "../../../shared/schemas/policy.js";
import { isProvider } from "../../dashboard/access.js";
import { parseResult } from "../../dashboard/queries/device-detail.js";
import type { CouncilRow } from "../../stores/council-store.js";
import type { DeviceRow } from "../../stores/device-store.js";
import { currentResults } from "../../stores/results-store.js";
import type { ServiceContext } from "../../services/context.js";
import { listRoute, ofCouncil, ofDevice } from "../list-route.js";
import { itemsOf, PageQuery, page } from "../paging.js";
import { councilsPage, devicesPage, resultsAndWaivers, statusChangesPage } from "../queries/councils.js";
import { defineRoute } from "../route.js";
import { Council, CouncilId, Device, DeviceDetail, DeviceId, Me, StatusChange } from "../schemas.js";
import { visibleCouncil, visibleDevice } from "../scope.js";

function councilOut(c: CouncilRow) {
  return {
    id: c.id,
    name: c.name,
    createdAt: c.created_at,
    policyVersion: Policy.parse(JSON.parse(c.policy_json)).version,
  };
}

/** Current results of these devices, with "waived" where a waiver in force covers a failure. */
async function controlsOf(ctx: ServiceContext, ids: string[]) {
  const out = new Map<
    string,
    Record<string, { status: string; waived: boolean; since: string; collectedAt: string }>
  >();
  if (ids.length === 0) return out;
  const now = ctx.clock.now().toISOString();
  const { results, waivers } = await resultsAndWaivers(ctx.db.kysely, ids, now);
  const waived = new Set(waivers.map((w) => `${w.device_id} ${w.control}`));
  for (const r of results) {
    const m = out.get(r.device_id) ?? {};
    m[r.control] = {
      status: r.status,
      waived: r.status === "fail" && waived.has(`${r.device_id} ${r.control}`),
      since: r.since,
      collectedAt: r.collected_at,
    };
    out.set(r.device_id, m);
  }
  return out;
}

function deviceOut(d: DeviceRow, controls: Record<string, unknown> | undefined) {
  return {
    id: d.id,
    councilId: d.council_id,
    hostname: d.hostname,
    serial: d.serial,
    manufacturer: d.manufacturer,
    model: d.model,
    os: { platform: d.os_platform, name: d.os_name, version: d.os_version, build: d.os_build },
    agentVersion: d.agent_version,
    enrolledAt: d.enrolled_at,
    lastSeenAt: d.last_seen_at,
    controls: (controls ?? {}) as never,
  };
}

export const councilRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/me",
    operationId: "getToken",
    summary: "The calling token: its scope, whether it may write, when it expires",
    tag: "Tokens",
    write: false,
    response: Me,
    async handler({ principal: { token } }) {
      return {
        tokenId: token.id,
        name: token.name,
        scope: token.council_id ? "council" : "provider",
        councilId: token.council_id,
        readOnly: token.read_only === 1,
        expiresAt: token.expires_at,
      } as const;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/councils",
    operationId: "listCouncils",
    summary: "Councils this token may see (a council token: its own)",
    tag: "Councils",
    write: false,
    query: PageQuery,
    response: page(Council),
    async handler({ ctx, principal, query }) {
      const scope = isProvider(principal.user) ? null : (principal.user.councilId ?? "");
      const councils = await councilsPage(ctx.db.kysely, scope, query);
      return itemsOf(councils, councilOut);
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/councils/:councilId",
    operationId: "getCouncil",
    summary: "One council",
    tag: "Councils",
    write: false,
    params: CouncilId,
    response: Council,
    async handler({ ctx, principal, params }) {
      const c = await visibleCouncil(ctx, principal.user, params.councilId);
      return councilOut(c);
    },
  }),
  listRoute({
    path: "/api/v1/councils/:councilId/devices",
    operationId: "listDevices",
    summary: "A council's devices with each control's current status",
    tag: "Devices",
    owner: ofCouncil,
    query: PageQuery,
    item: Device,
    async load(ctx, councilId, query) {
      const { rows, nextCursor } = await devicesPage(ctx.db.kysely, councilId, query);
      const controls = await controlsOf(
        ctx,
        rows.map((d) => d.id),
      );
      return { rows: rows.map((d) => deviceOut(d, controls.get(d.id))), nextCursor };
    },
    out: (d) => d,
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/devices/:deviceId",
    operationId: "getDevice",
    summary: "One device: identity and the current result of each control (summary, facts, remediation)",
    tag: "Devices",
    write: false,
    params: DeviceId,
    response: DeviceDetail,
    async handler({ ctx, principal, params }) {
      const d = await visibleDevice(ctx, principal.user, params.deviceId);
      const rows = await currentResults(ctx.db.kysely, d.id);
      const controls = await controlsOf(ctx, [d.id]);
      const results = rows.flatMap((r) => {
        const parsed = parseResult(r.result_json);
        return parsed ? [{ ...parsed, since: r.since, collectedAt: r.collected_at }] : [];
      });
      return { ...deviceOut(d, controls.get(d.id)), results };
    },
  }),
  listRoute({
    path: "/api/v1/devices/:deviceId/history",
    operationId: "listDeviceHistory",
    summary: "A device's status changes, newest first",
    tag: "Devices",
    owner: ofDevice,
    query: PageQuery,
    item: StatusChange,
    load: (ctx, deviceId, query) => statusChangesPage(ctx.db.kysely, deviceId, query),
    out: (s) => ({
      id: s.id,
      control: s.control,
      from: s.from_status,
      to: s.to_status,
      summary: parseResult(s.result_json)?.summary ?? null,
      collectedAt: s.collected_at,
      receivedAt: s.received_at,
    }),
  }),
];
