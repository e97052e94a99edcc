// Policy templates' routes (provider admin): save a policy under a name, preview it for councils, apply it all or nothing
// (each council from the version its preview showed, each change audited in the same transaction). Drawn by *-view.
import type { FastifyInstance } from "fastify";
import { AppError, isAppError } from "../../../shared/errors.js";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { listCouncils, requireCouncilById } from "../../services/admin.js";
import {
  applyTemplate,
  listTemplates,
  planTemplate,
  saveTemplate,
  storedPolicy,
  type TemplateOutcome,
} from "../../services/council-policy.js";
import type { ServiceContext } from "../../services/context.js";
import { changeLines } from "../../services/policy-changes.js";
import { editableOf, formValuesOf, readPolicyForm } from "../../services/policy-form.js";
import type { DashUser } from "../access.js";
import { audit } from "../audit.js";
import type { Html } from "../html.js";
import { BASE, flash, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { assertProviderAdmin } from "./councils.js";
import { staleReasons, templatePreview } from "./policy-template-preview.js";
import { appliedNotice, policyTemplatesView, type SaveForm } from "./policy-templates-view.js";

type Body = Record<string, string | string[] | undefined>;
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export function registerPolicyTemplates(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: DashUser, csrf: string, form: SaveForm, notice?: Html, extra?: Html) => {
    const [templates, councils] = await Promise.all([listTemplates(deps), listCouncils(ctx.db.kysely)]);
    return page({
      title: "Policy templates",
      user,
      csrf,
      body: policyTemplatesView({ templates, councils, csrf, form, notice, extra }),
    });
  };

  app.get<{ Querystring: { from?: string } }>(`${BASE}/policy-templates`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    const from = request.query.from ? await requireCouncilById(deps, request.query.from) : undefined;
    const values = formValuesOf(editableOf(from ? storedPolicy(from) : DEFAULT_POLICY));
    const notice = from ? flash(`The form below starts from ${from.name}'s policy: name it and save.`) : undefined;
    return sendPage(reply, await render(user, session.csrf_token, { name: "", values, errors: {} }, notice));
  });

  app.post<{ Body: Body }>(`${BASE}/policy-templates`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    const name = one(request.body.name);
    const form = readPolicyForm(Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, one(v)])));
    const errors = form.ok ? {} : { ...form.errors };
    if (!name.trim()) errors.name = "Give the template a name.";
    if (!form.ok || Object.keys(errors).length > 0)
      return sendPage(reply, await render(user, session.csrf_token, { name, values: form.values, errors }), 400);
    let saved: Awaited<ReturnType<typeof saveTemplate>>;
    try {
      saved = await saveTemplate(deps, { name, policy: form.policy, savedBy: user.email });
    } catch (err) {
      if (!isAppError(err) || err.code !== "usage") throw err;
      const f = { name, values: form.values, errors: { name: err.message } };
      return sendPage(reply, await render(user, session.csrf_token, f), 400);
    }
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: null,
      action: "policy-template.save",
      target: saved.id,
      detail: { name: saved.name },
      ip: request.ip,
    });
    const fresh = { name: "", values: formValuesOf(saved.policy), errors: {} };
    return sendPage(reply, await render(user, session.csrf_token, fresh, flash(`Template “${saved.name}” saved.`)));
  });

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/policy-templates/:id/apply`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    const template = (await listTemplates(deps)).find((t) => t.id === request.params.id);
    if (!template) throw new AppError("not_found", "That template no longer exists: the list below is up to date.");
    const blank = { name: "", values: formValuesOf(template.policy), errors: {} };
    const ids = [...new Set(many(request.body.council))];
    if (ids.length === 0) {
      const notice = flash(`Tick at least one council to apply “${template.name}” to.`, "error");
      return sendPage(reply, await render(user, session.csrf_token, blank, notice), 400);
    }
    const plan = async () =>
      planTemplate(deps, template, await Promise.all(ids.map((id) => requireCouncilById(deps, id))));
    let plans = await plan();
    const show = async (status: number, notice?: Html) => {
      const preview = templatePreview(session.csrf_token, template, plans);
      return sendPage(reply, await render(user, session.csrf_token, blank, notice, preview), status);
    };
    if (one(request.body.step) !== "apply") return show(200);
    const problems = plans.flatMap((p) => ("problem" in p ? [`${p.council.name}: ${p.problem}.`] : []));
    if (problems.length > 0) return show(400, flash(`Nothing was applied. ${problems.join(" ")}`, "error"));
    const stale = staleReasons(request.body, template, plans);
    const again = (why: string) => `Nothing was applied. ${why} Check the changes below and apply again.`;
    if (stale.length > 0) return show(409, flash(again(stale.join(" ")), "error"));
    let outcomes: TemplateOutcome[];
    try {
      outcomes = await applyTemplate(
        deps,
        template,
        plans.flatMap((p) => ("current" in p ? [p] : [])),
        (q, o) =>
          audit(q, {
            at: ctx.clock.now(),
            userId: user.id,
            actor: user.email,
            councilId: o.council.id,
            action: "policy.update",
            target: o.council.id,
            detail: { version: o.after.version, template: template.name, changes: changeLines(o.changes) },
            ip: request.ip,
          }),
      );
    } catch (err) {
      if (!isAppError(err) || err.code !== "conflict") throw err;
      plans = await plan();
      return show(409, flash(again("A council's policy changed while applying."), "error"));
    }
    const done = appliedNotice(template, outcomes);
    return sendPage(reply, await render(user, session.csrf_token, blank, done));
  });
}
