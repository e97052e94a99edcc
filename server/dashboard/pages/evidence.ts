// The council's evidence pack page routes: download the signed PDF or its CSV for a period, and record, see and
// withdraw the attestations a device cannot show (council manager or IT provider; each audited). evidence-view.ts draws it.
import type { FastifyInstance, FastifyReply } from "fastify";
import { AppError } from "../../../shared/errors.js";
import { emptyForm, type FormResult, readAttestationForm } from "../../evidence/attestation-form.js";
import {
  findAttestation,
  insertAttestation,
  listAttestations,
  withdrawAttestation,
} from "../../evidence/attestation-store.js";
import { buildEvidencePack, evidenceRange } from "../../evidence/pack.js";
import { cliCommandPrefix } from "../../config/cli-command.js";
import type { ServiceContext } from "../../services/context.js";
import { assertManage, canManageCouncil, type DashUser } from "../access.js";
import type { CouncilRow } from "../../stores/council-store.js";
import { auditBy } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, flash, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { visibleCouncil } from "../council-scope.js";
import { evidenceView } from "./evidence-view.js";

type Body = Record<string, string | undefined>;

export function registerEvidencePage(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const councilFor = (user: DashUser, id: string): Promise<CouncilRow> => visibleCouncil(q, user, id);

  const render = async (
    reply: FastifyReply,
    user: DashUser,
    csrf: string,
    council: CouncilRow,
    form: FormResult,
    note: Html,
    status = 200,
  ) => {
    const now = ctx.clock.now();
    const rows = await listAttestations(q, council.id);
    const manage = canManageCouncil(user, council.id);
    const range = evidenceRange({}, now);
    const body = evidenceView({
      council,
      rows,
      now,
      manage,
      range,
      csrf,
      form,
      note,
      verifyCommand: `${cliCommandPrefix(ctx.config)} report verify FILE.pdf`,
    });
    return sendPage(
      reply,
      page({ title: `Evidence pack · ${council.name}`, user, csrf, councilId: council.id, body }),
      status,
    );
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    `${BASE}/councils/:id/evidence`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const council = await councilFor(user, request.params.id);
      const note =
        request.query.done === "recorded"
          ? flash("Attestation recorded; it appears in the next evidence pack.")
          : request.query.done === "withdrawn"
            ? flash("Attestation withdrawn.")
            : html``;
      return render(reply, user, session.csrf_token, council, { values: emptyForm(ctx.clock.now()), errors: {} }, note);
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/attestations`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const council = await councilFor(user, request.params.id);
    assertManage(user, council.id);
    const now = ctx.clock.now();
    const form = readAttestationForm(request.body ?? {}, now);
    if (!form.attestation) return render(reply, user, session.csrf_token, council, form, html``, 400);
    const row = await insertAttestation(q, {
      ...form.attestation,
      council_id: council.id,
      recorded_by: user.email,
      recorded_role: user.role,
      recorded_at: now.toISOString(),
    });
    await auditBy(
      q,
      { user, ip: request.ip, at: now },
      {
        councilId: council.id,
        action: "attestation.record",
        target: row.id,
        detail: {
          kind: row.kind,
          checkedOn: row.checked_on,
          expiresAt: row.expires_at,
          evidence: row.evidence,
          minuteRef: row.minute_ref,
        },
      },
    );
    return reply.redirect(`${BASE}/councils/${council.id}/evidence?done=recorded`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/attestations/:id/withdraw`, async (request, reply) => {
    const { user } = requireUser(request);
    const a = await findAttestation(q, request.params.id);
    if (!a) throw new AppError("not_found", "There is no such page.");
    assertManage(user, a.council_id);
    const now = ctx.clock.now();
    await withdrawAttestation(q, a.id, user.email, now);
    await auditBy(
      q,
      { user, ip: request.ip, at: now },
      {
        councilId: a.council_id,
        action: "attestation.withdraw",
        target: a.id,
        detail: { kind: a.kind },
      },
    );
    return reply.redirect(`${BASE}/councils/${a.council_id}/evidence?done=withdrawn`, 303);
  });

  for (const format of ["pdf", "csv"] as const) {
    app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
      `${BASE}/councils/:id/evidence.${format}`,
      async (request, reply) => {
        const { user } = requireUser(request);
        const council = await councilFor(user, request.params.id);
        const now = ctx.clock.now();
        const range = evidenceRange(request.query, now);
        const pack = await buildEvidencePack(q, ctx.key, council, range, user.email, now);
        await auditBy(
          q,
          { user, ip: request.ip, at: now },
          {
            councilId: council.id,
            action: "evidence.download",
            target: council.id,
            detail: { ...range, format },
          },
        );
        return reply
          .header("content-disposition", `attachment; filename="${pack.baseName}.${format}"`)
          .type(format === "pdf" ? "application/pdf" : "text/csv; charset=utf-8")
          .send(format === "pdf" ? pack.pdf : `\uFEFF${pack.csv}`);
      },
    );
  }
}
