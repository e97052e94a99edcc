// Enrolment tokens (provider roles): create (shown once), list without the secret, revoke; each audited.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import { createToken, listCouncils, listEnrolTokens, revokeEnrolToken } from "../../services/admin.js";
import { assertProvider } from "../access.js";
import { audit } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, flash, page, when } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { distDirOf, listPackages } from "../../packages/agent-packages.js";
import { enrolCommands } from "./enrol-commands.js";
import { registerMobileconfig } from "./mobileconfig.js";

type Body = Record<string, string | undefined>;

/** The "Expires after" choices the form offers. */
const EXPIRIES = ["1d", "7d", "30d"];

export function registerTokens(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: Parameters<typeof assertProvider>[0], csrf: string, created?: Html) => {
    const [councils, tokens] = await Promise.all([listCouncils(ctx.db.kysely), listEnrolTokens(deps)]);
    const names = new Map(councils.map((c) => [c.id, c.name]));
    const now = ctx.clock.now().toISOString();
    return page({
      title: "Enrolment tokens",
      user,
      csrf,
      body: html`${created ?? ""}
<form method="post" action="${BASE}/tokens" class="card">${csrfField(csrf)}
  <label for="council">Council</label><select id="council" name="council">${councils.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select>
  <label for="expires">Expires after</label><select id="expires" name="expires"><option value="1d">1 day</option><option value="7d" selected>7 days</option><option value="30d">30 days</option></select>
  <label for="uses">Uses</label><input id="uses" name="uses" type="number" min="1" max="1000" value="25">
  <button type="submit">Create token</button>
</form>
<table class="stack"><caption>Tokens (the token itself is never stored)</caption><thead><tr><th scope="col">Id</th><th scope="col">Council</th><th scope="col">Uses</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${tokens.map((t) => {
        const live = !t.revoked_at && t.expires_at > now && t.uses < t.max_uses;
        return html`<tr><td data-label="Id"><code>${t.id}</code></td><td data-label="Council">${names.get(t.council_id) ?? t.council_id}</td><td data-label="Uses">${t.uses} / ${t.max_uses}</td>
<td data-label="State">${t.revoked_at ? html`✘ revoked ${when(t.revoked_at)}` : live ? html`✔ usable until ${when(t.expires_at)}` : html`– used up or expired`}</td>
<td>${live ? html`<form method="post" action="${BASE}/tokens/${t.id}/revoke">${csrfField(csrf)}<button type="submit">Revoke</button></form>` : ""}</td></tr>`;
      })}</tbody></table>`,
    });
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
    const created = html`<div class="flash flash-ok" role="status">✔ Token for ${t.councilName} (${t.maxUses} ${t.maxUses === 1 ? "use" : "uses"}, until ${when(t.expiresAt)}), shown only now:
<pre class="secret" id="new-token">${t.token}</pre></div>${commands}`;
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
