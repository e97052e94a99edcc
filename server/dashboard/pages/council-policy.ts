// A council's policy editor's routes (provider admin): preview, then save through the CLI's path (version + 1; laptops
// fetch it sealed with the collector's key), audited in the same transaction. Drawn by council-policy-view.
import type { FastifyInstance } from "fastify";
import { canonicalJson } from "../../../shared/canonical-json.js";
import { sha256Hex } from "../../../shared/crypto/ed25519.js";
import { isAppError } from "../../../shared/errors.js";
import { requireCouncilById } from "../../services/admin.js";
import { storedPolicy } from "../../services/council-policy.js";
import type { ServiceContext } from "../../services/context.js";
import { policyChanges } from "../../services/policy-changes.js";
import { type EditablePolicy, editableOf, formValuesOf, readPolicyForm } from "../../services/policy-form.js";
import type { CouncilRow } from "../../stores/council-store.js";
import type { DashUser } from "../access.js";
import { setPolicyAudited } from "../audited-writes.js";
import { BASE, flash, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { assertProviderAdmin } from "./councils.js";
import { type CouncilPolicyView, councilPolicyView } from "./council-policy-view.js";

type Body = Record<string, string | undefined>;

/** Ties a Save to the preview the person saw: a form changed after its preview is previewed again, not saved. */
const fingerprint = (p: EditablePolicy) => sha256Hex(canonicalJson(p)).slice(0, 32);

function policyPage(user: DashUser, csrf: string, council: CouncilRow, v: CouncilPolicyView): string {
  const body = councilPolicyView(council, storedPolicy(council), csrf, v);
  return page({ title: `Policy of ${council.name}`, user, csrf, councilId: council.id, body });
}

export function registerCouncilPolicyPage(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };

  app.get<{ Params: { id: string }; Querystring: { created?: string; saved?: string } }>(
    `${BASE}/councils/:id/policy`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      assertProviderAdmin(user);
      const council = await requireCouncilById(deps, request.params.id);
      const notice =
        request.query.created !== undefined
          ? flash(
              `${council.name} was added with Ward's default policy. Set what its IT policy says, preview, then save.`,
            )
          : request.query.saved !== undefined
            ? flash(`Saved as version ${storedPolicy(council).version}. Laptops pick it up at their next check.`)
            : undefined;
      const state = { values: formValuesOf(editableOf(storedPolicy(council))), errors: {} };
      return sendPage(reply, policyPage(user, session.csrf_token, council, { state, ...(notice ? { notice } : {}) }));
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/policy`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    const council = await requireCouncilById(deps, request.params.id);
    const form = readPolicyForm(request.body);
    if (!form.ok) return sendPage(reply, policyPage(user, session.csrf_token, council, { state: form }), 400);
    const state = { values: form.values, errors: {} };
    const current = storedPolicy(council);
    const changes = policyChanges(editableOf(current), form.policy);
    const preview = { changes, fingerprint: fingerprint(form.policy) };
    const baseVersion = Number(request.body.baseVersion);
    const moved = baseVersion !== current.version;
    if (request.body.step !== "save" || request.body.previewed !== preview.fingerprint || moved) {
      const notice =
        request.body.step === "save"
          ? flash(
              moved
                ? `The policy changed while you edited it (it is now version ${current.version}). Check the changes below against it and save again.`
                : "The form changed after its preview: check the changes below and save again.",
              "error",
            )
          : undefined;
      return sendPage(
        reply,
        policyPage(user, session.csrf_token, council, { state, preview, ...(notice ? { notice } : {}) }),
      );
    }
    try {
      const by = { user, ip: request.ip, at: ctx.clock.now() };
      await setPolicyAudited(deps, by, council.id, form.policy, current.version);
    } catch (err) {
      if (!isAppError(err) || err.code !== "conflict") throw err;
      const fresh = await requireCouncilById(deps, council.id);
      const again = policyChanges(editableOf(storedPolicy(fresh)), form.policy);
      const notice = flash(`${err.message} Check the changes below against it and save again.`, "error");
      return sendPage(
        reply,
        policyPage(user, session.csrf_token, fresh, {
          state,
          notice,
          preview: { changes: again, fingerprint: preview.fingerprint },
        }),
        409,
      );
    }
    return reply.redirect(`${BASE}/councils/${council.id}/policy?saved=1`, 303);
  });
}
