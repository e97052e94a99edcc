// POST /dashboard/tokens/mobileconfig: the macOS configuration profile for a token just created, with this collector's
// public address and the token filled in (the token is shown only once, so the page posts it back; it must be live).
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import { renderMobileconfig } from "../../../installers/macos/render-mobileconfig.js";
import { hashToken } from "../../services/admin.js";
import type { ServiceContext } from "../../services/context.js";
import { findTokenByHash } from "../../stores/token-store.js";
import { assertProvider } from "../access.js";
import { audit } from "../audit.js";
import { BASE } from "../layout.js";
import { requireUser } from "../request-context.js";

export function registerMobileconfig(app: FastifyInstance, ctx: ServiceContext): void {
  app.post<{ Body: Record<string, string | undefined> }>(`${BASE}/tokens/mobileconfig`, async (request, reply) => {
    const { user } = requireUser(request);
    assertProvider(user);
    const token = String(request.body.token ?? "");
    const row = token ? await findTokenByHash(ctx.db.kysely, hashToken(token)) : undefined;
    const now = ctx.clock.now().toISOString();
    if (!row || row.revoked_at || row.expires_at <= now || row.uses >= row.max_uses)
      throw new AppError("not_found", "That token is revoked, used up or expired: create a new one on this page.");
    if (!ctx.config.publicUrl)
      throw new AppError(
        "usage",
        "This collector has no public address set, so the profile cannot say where to report: set it (--public-url or WARD_PUBLIC_URL), restart the collector and create a new token.",
      );
    let profile: string;
    try {
      profile = renderMobileconfig(ctx.config.publicUrl, token);
    } catch (err) {
      throw new AppError("usage", `The collector's public address cannot go in a profile: ${(err as Error).message}.`);
    }
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: row.council_id,
      action: "token.mobileconfig",
      target: row.id,
      ip: request.ip,
    });
    return reply
      .type("application/x-apple-aspen-config")
      .header("content-disposition", 'attachment; filename="ward.mobileconfig"')
      .send(profile);
  });
}
