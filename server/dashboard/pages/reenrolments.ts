// Re-enrolment requests on the overview (known hardware, a new key): a provider admin approves or refuses; keys replaced.
import type { FastifyInstance } from "fastify";
import { approveReenrolment, refuseReenrolment } from "../../services/reenrol.js";
import type { ServiceContext } from "../../services/context.js";
import { keysReplacedSince, listPendingRequests } from "../../stores/reenrol-store.js";
import { canManageUsers, type DashUser, isProvider } from "../access.js";
import { audit } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import { requireUser } from "../request-context.js";

/** A device whose key was replaced this recently is marked on the overview. */
export const KEY_REPLACED_SHOWN_MS = 30 * 86_400_000;

export async function reenrolmentSection(ctx: ServiceContext, user: DashUser, csrf: string): Promise<Html> {
  const councilId = isProvider(user) ? null : user.councilId;
  const q = ctx.db.kysely;
  const since = new Date(ctx.clock.now().getTime() - KEY_REPLACED_SHOWN_MS).toISOString();
  const [pending, replaced] = await Promise.all([
    isProvider(user) ? listPendingRequests(q) : Promise.resolve([]),
    keysReplacedSince(q, since, councilId),
  ]);
  const admin = canManageUsers(user);
  const requests = pending.length
    ? html`<section class="card" id="reenrolments"><h2>⚠ Re-enrolment requests waiting (${pending.length})</h2>
<p>A computer enrolled with the serial number of a known laptop but a <strong>new key</strong>. That is expected only if
the laptop was reinstalled; otherwise someone may be trying to take over its reports. Its current key keeps
reporting until a provider admin decides.</p>
<table><thead><tr><th scope="col">Laptop</th><th scope="col">Council</th><th scope="col">Asked</th><th scope="col">New key</th><th scope="col"><span class="sr-only">Decision</span></th></tr></thead>
<tbody>${pending.map(
        (
          r,
        ) => html`<tr class="reenrol-row"><td><a href="${BASE}/devices/${r.device_id}">${r.hostname}</a></td><td>${r.council_name}</td><td>${when(r.requested_at)}</td><td><code>${r.key_id}</code></td>
<td>${
          admin
            ? html`<form method="post" action="${BASE}/reenrolments/${r.id}/approve" class="inline approve">${csrfField(csrf)}<button type="submit">Approve new key</button></form>
<form method="post" action="${BASE}/reenrolments/${r.id}/refuse" class="inline refuse">${csrfField(csrf)}<button type="submit">Refuse</button></form>`
            : "A provider admin decides."
        }</td></tr>`,
      )}</tbody></table></section>`
    : "";
  const marks = replaced.length
    ? html`<section class="card" id="keys-replaced"><h2>Keys replaced in the last 30 days</h2><ul>${replaced.map(
        (d) =>
          html`<li><span class="s-fail">⚠ key replaced</span> <a href="${BASE}/devices/${d.id}">${d.hostname}</a> on ${when(d.key_replaced_at)}</li>`,
      )}</ul></section>`
    : "";
  return html`${requests}${marks}`;
}

export function registerReenrolments(app: FastifyInstance, ctx: ServiceContext): void {
  for (const decision of ["approve", "refuse"] as const) {
    app.post<{ Params: { id: string } }>(`${BASE}/reenrolments/:id/${decision}`, async (request, reply) => {
      const { user } = requireUser(request);
      if (!canManageUsers(user)) return reply.code(403).send("Only a provider admin can decide a re-enrolment.");
      const { deviceId } =
        decision === "approve"
          ? await approveReenrolment(ctx, request.params.id, user.email)
          : await refuseReenrolment(ctx, request.params.id, user.email);
      await audit(ctx.db.kysely, {
        at: ctx.clock.now(),
        userId: user.id,
        actor: user.email,
        councilId: null,
        action: `reenrol.${decision}`,
        target: deviceId,
        detail: { requestId: request.params.id },
        ip: request.ip,
      });
      return reply.redirect(`${BASE}/?reenrol=${decision}d`, 303);
    });
  }
}
