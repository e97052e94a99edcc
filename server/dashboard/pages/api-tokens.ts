// API tokens (provider admins): create one for a council or the provider (shown once), list with last use, revoke; audited.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { createApiToken, describeApiToken, listApiTokens, revokeApiToken } from "../../api/token-store.js";
import type { ServiceContext } from "../../services/context.js";
import { listCouncils } from "../../services/admin.js";
import { assertUserAdmin, type DashUser } from "../access.js";
import { audit } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, flash, page, when } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";

type Body = Record<string, string | undefined>;

export function registerApiTokens(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const render = async (user: DashUser, csrf: string, created?: Html) => {
    const [councils, tokens] = await Promise.all([listCouncils(q), listApiTokens(q)]);
    const names = new Map(councils.map((c) => [c.id, c.name]));
    const now = ctx.clock.now();
    return page({
      title: "API tokens",
      user,
      csrf,
      body: html`${created ?? ""}
<p>For scripts and ticketing bridges: the API is described at <a href="/api/openapi.json">/api/openapi.json</a>. Send the token as
<code>Authorization: Bearer wat_…</code>. A council token sees that council only.</p>
<form method="post" action="${BASE}/api-tokens" class="card">${csrfField(csrf)}<input type="hidden" name="form_id" value="${randomBytes(16).toString("base64url")}">
  <label for="name">What uses it</label><input id="name" name="name" required maxlength="100" placeholder="HaloPSA bridge">
  <label for="scope">Sees</label><select id="scope" name="scope"><option value="provider">Every council (the provider)</option>${councils.map((c) => html`<option value="${c.id}">${c.name} only</option>`)}</select>
  <label for="access">May</label><select id="access" name="access"><option value="read">Read only</option><option value="write">Read, and add or revoke waivers and USB approvals</option></select>
  <label for="expires">Expires after</label><select id="expires" name="expires"><option value="30d">30 days</option><option value="90d" selected>90 days</option><option value="366d">1 year</option></select>
  <button type="submit">Create API token</button>
</form>
<table><caption>API tokens (the token itself is never stored)</caption><thead><tr><th scope="col">Name</th><th scope="col">Sees</th><th scope="col">May</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${tokens.map((row) => {
        const t = describeApiToken(row, now);
        return html`<tr><td>${t.name}<br><small><code>${t.id}</code>, by ${t.createdBy}</small></td><td>${t.councilId ? (names.get(t.councilId) ?? t.councilId) : "Every council"}</td>
<td>${t.readOnly ? "Read only" : "Read and write"}</td><td>${when(t.lastUsedAt)}${t.lastUsedIp ? html`<br><small>from ${t.lastUsedIp}</small>` : ""}</td>
<td>${t.state === "revoked" ? html`✘ revoked ${when(t.revokedAt)}` : t.state === "active" ? html`✔ until ${when(t.expiresAt)}` : html`– expired ${when(t.expiresAt)}`}</td>
<td>${t.state === "active" ? html`<form method="post" action="${BASE}/api-tokens/${t.id}/revoke">${csrfField(csrf)}<button type="submit">Revoke</button></form>` : ""}</td></tr>`;
      })}</tbody></table>`,
    });
  };

  app.get(`${BASE}/api-tokens`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    return sendPage(reply, await render(user, session.csrf_token));
  });

  app.post<{ Body: Body }>(`${BASE}/api-tokens`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    // Reloading the page that showed a token would send the form again: each form has an id, used once.
    const formId = /^[A-Za-z0-9_-]{22}$/.test(String(request.body.form_id ?? "")) ? String(request.body.form_id) : null;
    if (formId) {
      const sent = await q
        .selectFrom("audit_log")
        .select("target")
        .where("action", "=", "api-token.create")
        .where("user_id", "=", user.id)
        .where("detail_json", "like", `%"formId":"${formId}"%`)
        .executeTakeFirst();
      if (sent) {
        const again = html`<p class="flash flash-error" role="alert">✘ This form was already sent: token <code>${sent.target}</code> was made and shown once then. If it was not saved, revoke it below and make a new one.</p>`;
        return sendPage(reply, await render(user, session.csrf_token, again), 409);
      }
    }
    const scope = String(request.body.scope ?? "provider");
    const readOnly = request.body.access !== "write";
    // The form's mistakes in the form's words (createApiToken's own messages name the command line's flags).
    const councilIds = new Set((await listCouncils(q)).map((c) => c.id));
    const wrong =
      scope !== "provider" && !councilIds.has(scope)
        ? "Choose what the token sees from the Sees list: every council, or one council."
        : !["30d", "90d", "366d"].includes(String(request.body.expires ?? "90d"))
          ? "Choose how long the token lasts from the Expires after list."
          : undefined;
    if (wrong) return sendPage(reply, await render(user, session.csrf_token, flash(wrong, "error")), 400);
    const t = await createApiToken(
      { db: ctx.db, clock: ctx.clock },
      {
        name: String(request.body.name ?? ""),
        provider: scope === "provider",
        council: scope === "provider" ? undefined : scope,
        readOnly,
        expires: String(request.body.expires ?? "90d"),
        createdBy: user.email,
      },
    );
    await audit(q, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: t.councilId,
      action: "api-token.create",
      target: t.id,
      detail: { name: t.name, readOnly, expiresAt: t.expiresAt, formId },
      ip: request.ip,
    });
    const created = html`<div class="flash flash-ok" role="status">✔ API token "${t.name}" for ${t.councilName ?? "every council"}, shown only now:
<pre class="secret" id="new-api-token">${t.token}</pre><p>Store it in the tool that uses it; Ward keeps only its hash.</p></div>`;
    return sendPage(reply, await render(user, session.csrf_token, created));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/api-tokens/:id/revoke`, async (request, reply) => {
    const { user } = requireUser(request);
    assertUserAdmin(user);
    const row = await revokeApiToken(q, request.params.id, ctx.clock.now());
    await audit(q, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: row.council_id,
      action: "api-token.revoke",
      target: row.id,
      detail: { name: row.name },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/api-tokens`, 303);
  });
}
