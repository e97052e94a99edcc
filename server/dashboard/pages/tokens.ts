// Enrolment tokens (provider roles): create (shown once), list without the secret, revoke; audited. Drawn by tokens-view.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import { createToken, listCouncils, listEnrolTokens, revokeEnrolToken } from "../../services/admin.js";
import { assertProvider } from "../access.js";
import { audit } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, flash, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { distDirOf, listPackages } from "../../packages/agent-packages.js";
import { enrolCommands } from "./enrol-commands.js";
import { registerMobileconfig } from "./mobileconfig.js";
import { createdTokenView, tokensView } from "./tokens-view.js";

type Body = Record<string, string | undefined>;

/** The "Expires after" choices the form offers. */
const EXPIRIES = ["1d", "7d", "30d"];

export function registerTokens(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: Parameters<typeof assertProvider>[0], csrf: string, created?: Html) => {
    const [councils, tokens] = await Promise.all([listCouncils(ctx.db.kysely), listEnrolTokens(deps)]);
    const now = ctx.clock.now().toISOString();
    return page({ title: "Enrolment tokens", user, csrf, body: tokensView({ councils, tokens, now, csrf, created }) });
  };

  app.get(`${BASE}/tokens`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProvider(user);
    return sendPage(reply, await render(user, session.csrf_token));
  });

  app.post<{ Body: Body }>(`${BASE}/tokens`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProvider(user);
    // The form's mistakes in the form's words (createToken's own messages name the command line's flags).
    const council = String(request.body.council ?? "");
    const expires = String(request.body.expires ?? "7d");
    const uses = Number(request.body.uses ?? 25);
    const councils = await listCouncils(ctx.db.kysely);
    const wrong = !councils.some((c) => c.id === council)
      ? "Choose the council from the Council list."
      : !EXPIRIES.includes(expires)
        ? "Choose how long the token lasts from the Expires after list."
        : !Number.isInteger(uses) || uses < 1 || uses > 1000
          ? "Uses must be a whole number from 1 to 1000: one use per laptop to enrol."
          : undefined;
    if (wrong) return sendPage(reply, await render(user, session.csrf_token, flash(wrong, "error")), 400);
    const t = await createToken(deps, { council, expires, uses, councilById: true });
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: t.councilId,
      action: "token.create",
      target: t.id,
      detail: { expiresAt: t.expiresAt, maxUses: t.maxUses },
      ip: request.ip,
    });
    const distDir = distDirOf(ctx.config);
    const commands = enrolCommands({
      publicUrl: ctx.config.publicUrl,
      token: t.token,
      councilName: t.councilName,
      packages: await listPackages(distDir),
      config: ctx.config,
      distDir,
      csrf: session.csrf_token,
    });
    const created = html`${createdTokenView(t)}${commands}`;
    return sendPage(reply, await render(user, session.csrf_token, created));
  });

  registerMobileconfig(app, ctx);

  app.post<{ Params: { id: string } }>(`${BASE}/tokens/:id/revoke`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProvider(user);
    const live = (await listEnrolTokens(deps)).some((t) => t.id === request.params.id && !t.revoked_at);
    if (!live)
      return sendPage(
        reply,
        await render(
          user,
          session.csrf_token,
          flash("That token was already revoked or no longer exists: the list below is up to date.", "error"),
        ),
        404,
      );
    await revokeEnrolToken(deps, request.params.id);
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: null,
      action: "token.revoke",
      target: request.params.id,
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/tokens`, 303);
  });
}
