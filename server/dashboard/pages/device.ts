// Device page: loads the device this user may see (device-load.ts) and draws it (device-view.ts).
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import { BASE, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { loadDevicePage } from "./device-load.js";
import { deviceView } from "./device-view.js";

export function registerDevicePage(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { id: string }; Querystring: { done?: string; waiver?: string } }>(
    `${BASE}/devices/:id`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const data = await loadDevicePage(ctx, user, request.params.id);
      const csrf = session.csrf_token;
      const { done, waiver } = request.query;
      const body = deviceView({ ...data, user, csrf, done, waiver });
      return sendPage(reply, page({ title: data.d.hostname, user, csrf, councilId: data.d.council_id, body }));
    },
  );
}
