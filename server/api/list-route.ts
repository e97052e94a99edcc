// A read route that lists one council's or one device's records a page at a time: the owner must be visible to the
// token (404 otherwise, like a made-up id), then one page is loaded and each row shown as the API item.
import type { z } from "zod";
import type { DashUser } from "../dashboard/access.js";
import type { ServiceContext } from "../services/context.js";
import { itemsOf, type Page, type PageQuery, page } from "./paging.js";
import { type ApiRoute, defineRoute } from "./route.js";
import { CouncilId, DeviceId } from "./schemas.js";
import { visibleCouncil, visibleDevice } from "./scope.js";

interface Owner<P> {
  params: z.ZodType<P>;
  /** The council or device the path names, when this token may see it. */
  find(ctx: ServiceContext, user: DashUser, params: P): Promise<{ id: string }>;
}

export const ofCouncil: Owner<{ councilId: string }> = {
  params: CouncilId,
  find: (ctx, user, p) => visibleCouncil(ctx, user, p.councilId),
};

export const ofDevice: Owner<{ deviceId: string }> = {
  params: DeviceId,
  find: (ctx, user, p) => visibleDevice(ctx, user, p.deviceId),
};

export function listRoute<P, Q extends PageQuery, O, T>(r: {
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  owner: Owner<P>;
  query: z.ZodType<Q>;
  item: z.ZodType<T>;
  load(ctx: ServiceContext, ownerId: string, query: Q): Promise<Page<O>>;
  /** One row as the API shows it; `now` is the request's time (ISO). */
  out(row: O, now: string): z.input<z.ZodType<T>>;
}): ApiRoute {
  return defineRoute({
    method: "GET",
    path: r.path,
    operationId: r.operationId,
    summary: r.summary,
    tag: r.tag,
    write: false,
    params: r.owner.params,
    query: r.query,
    response: page(r.item),
    async handler({ ctx, principal, params, query }) {
      const owner = await r.owner.find(ctx, principal.user, params);
      const now = ctx.clock.now().toISOString();
      return itemsOf(await r.load(ctx, owner.id, query), (row) => r.out(row, now));
    },
  });
}
