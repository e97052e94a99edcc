// Councils (provider admin): the list with each policy's version, and adding a council (the CLI's createCouncil).
import type { FastifyInstance } from "fastify";
import { AppError, isAppError } from "../../../shared/errors.js";
import { createCouncil, listCouncils } from "../../services/admin.js";
import { storedPolicy } from "../../services/council-policy.js";
import type { ServiceContext } from "../../services/context.js";
import type { DashUser } from "../access.js";
import { audit } from "../audit.js";
import { html } from "../html.js";
import { BASE, csrfField, page, when } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";

/** Councils and their policies are the provider admin's (a technician enrols laptops; councils see their own). */
export function assertProviderAdmin(user: DashUser): void {
  if (user.role !== "provider-admin")
    throw new AppError("forbidden", "Only a provider admin can add councils or change their policies.");
}

export function registerCouncilsPage(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: DashUser, csrf: string, o: { name?: string; error?: string } = {}) => {
    const councils = await listCouncils(ctx.db.kysely);
    const nameError = o.error ? html`<p class="field-error" id="council-name-error">✘ ${o.error}</p>` : html``;
    return page({
      title: "Councils",
      user,
      csrf,
      body: html`<form method="post" action="${BASE}/councils" class="card narrow" novalidate>${csrfField(csrf)}
<h2>Add a council</h2>
<label for="council-name">The council's name</label><small id="council-name-hint">As it appears on its letters, e.g. “Wellington Town Council”. It starts with Ward's default policy, which you can change next.</small>
${nameError}<input id="council-name" name="name" type="text" maxlength="200" value="${o.name ?? ""}" aria-describedby="council-name-hint${o.error ? " council-name-error" : ""}"${o.error ? html` aria-invalid="true"` : ""}>
<button type="submit">Add council</button>
</form>
<p><a href="${BASE}/policy-templates">Policy templates</a>: save a policy once and apply it to several councils.</p>
<table class="stack"><caption>${councils.length} ${councils.length === 1 ? "council" : "councils"}</caption>
<thead><tr><th scope="col">Council</th><th scope="col">Policy</th><th scope="col">Added</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${councils.map((c) => {
        const p = storedPolicy(c);
        return html`<tr><td data-label="Council"><a href="${BASE}/councils/${c.id}">${c.name}</a></td>
<td data-label="Policy">version ${p.version}, issued ${when(p.issuedAt)}</td><td data-label="Added">${when(c.created_at)}</td>
<td><a href="${BASE}/councils/${c.id}/policy">Edit policy</a></td></tr>`;
      })}</tbody></table>`,
    });
  };

  app.get(`${BASE}/councils`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    return sendPage(reply, await render(user, session.csrf_token));
  });

  app.post<{ Body: Record<string, string | undefined> }>(`${BASE}/councils`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    const name = String(request.body.name ?? "");
    let created: Awaited<ReturnType<typeof createCouncil>>;
    try {
      created = await createCouncil(deps, name);
    } catch (err) {
      if (!isAppError(err) || (err.code !== "usage" && err.code !== "conflict")) throw err;
      return sendPage(reply, await render(user, session.csrf_token, { name, error: err.message }), 400);
    }
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: created.id,
      action: "council.create",
      target: created.id,
      detail: { name: created.name },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/councils/${created.id}/policy?created=1`, 303);
  });
}
