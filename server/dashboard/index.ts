// Registers the dashboard on the collector's Fastify app, in its own scope (headers, cookies, forms, error pages).
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../services/context.js";
import { registerAssets } from "./assets.js";
import { registerAuthRoutes } from "./auth/routes.js";
import { BASE } from "./layout.js";
import { registerAlertsPage } from "./pages/alerts.js";
import { registerApiTokens } from "./pages/api-tokens.js";
import { registerApproveLink } from "./pages/approve-link.js";
import { registerApprovals } from "./pages/approvals.js";
import { registerAudit } from "./pages/audit.js";
import { registerCouncilPage } from "./pages/council.js";
import { registerCouncilPolicyPage } from "./pages/council-policy.js";
import { registerCouncilsPage } from "./pages/councils.js";
import { registerPolicyTemplates } from "./pages/policy-templates.js";
import { registerDeviceActions } from "./pages/device-actions.js";
import { registerDevicePage } from "./pages/device.js";
import { registerEvidencePage } from "./pages/evidence.js";
import { registerExport } from "./pages/export.js";
import { registerFleet } from "./pages/fleet.js";
import { registerFleetBulk } from "./pages/fleet-bulk.js";
import { registerHome } from "./pages/home.js";
import { registerOverview } from "./pages/overview.js";
import { registerReenrolments } from "./pages/reenrolments.js";
import { registerReport } from "./pages/report.js";
import { registerTokens } from "./pages/tokens.js";
import { registerUsers } from "./pages/users.js";
import { registerWaiversPage } from "./pages/waivers.js";
import { installRequestContext } from "./request-context.js";
import { registerSsoRoutes } from "./sso/routes.js";
import "./tables.js";

export async function registerDashboard(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get("/", async (_request, reply) => reply.redirect(`${BASE}/`, 302));
  // Alert emails name `<publicUrl>/devices/<id>`: a public URL set without /dashboard still reaches the device page.
  app.get<{ Params: { id: string } }>("/devices/:id", async (request, reply) =>
    reply.redirect(`${BASE}/devices/${encodeURIComponent(request.params.id)}`, 302),
  );
  await app.register(async (scope) => {
    await installRequestContext(scope, ctx);
    registerAssets(scope);
    registerAuthRoutes(scope, ctx);
    registerSsoRoutes(scope, ctx);
    registerOverview(scope, ctx);
    registerHome(scope, ctx);
    registerReenrolments(scope, ctx);
    registerCouncilsPage(scope, ctx);
    registerCouncilPage(scope, ctx);
    registerCouncilPolicyPage(scope, ctx);
    registerPolicyTemplates(scope, ctx);
    registerDevicePage(scope, ctx);
    registerDeviceActions(scope, ctx);
    registerApprovals(scope, ctx);
    registerApproveLink(scope, ctx);
    registerWaiversPage(scope, ctx);
    registerTokens(scope, ctx);
    registerUsers(scope, ctx);
    registerApiTokens(scope, ctx);
    registerAudit(scope, ctx);
    registerReport(scope, ctx);
    registerExport(scope, ctx);
    registerAlertsPage(scope, ctx);
    registerEvidencePage(scope, ctx);
    registerFleet(scope, ctx);
    registerFleetBulk(scope, ctx);
    scope.get(BASE, async (_request, reply) => reply.redirect(`${BASE}/`, 302));
  });
}
