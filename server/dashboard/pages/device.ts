// Device page: results with summary, facts and remediation; timeline; chain status; asset register; waivers.
import { collectorSteps } from "../../alerts/messages.js";
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { controlTitle } from "../../../shared/controls/index.js";
import type { ServiceContext } from "../../services/context.js";
import { findDevice } from "../../stores/device-store.js";
import type { DeviceRow } from "../../stores/device-store.js";
import { assertCouncil, canManageCouncil, type DashUser } from "../access.js";
import { html } from "../html.js";
import { BASE, page, statusBadge, when } from "../layout.js";
import { deviceDetail, parseResult, TIMELINE_LIMIT } from "../queries/device-detail.js";
import { requireUser, sendPage } from "../request-context.js";
import { councilPolicy } from "../../services/policy.js";
import { findCouncil } from "../../stores/council-store.js";
import { assetForm, chainSection, waiverSection } from "./device-parts.js";
import { awaitingLaptop, doneFlash, policyFacts, usbAwaitingNote } from "./device-policy.js";
import { approveLinksSection, stickLinks } from "./device-usb.js";

/** The device, if this user may see it; another council's device answers 404 like a missing one. */
export async function visibleDevice(ctx: ServiceContext, user: DashUser, id: string): Promise<DeviceRow> {
  const device = await findDevice(ctx.db.kysely, id);
  if (!device) throw new AppError("not_found", "There is no such page.");
  assertCouncil(user, device.council_id);
  return device;
}

export function registerDevicePage(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { id: string }; Querystring: { done?: string; waiver?: string } }>(
    `${BASE}/devices/:id`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const d = await visibleDevice(ctx, user, request.params.id);
      const detail = await deviceDetail(ctx.db.kysely, d);
      const council = await findCouncil(ctx.db.kysely, d.council_id);
      const policy = {
        confirmed: d.policy_version,
        issued: council ? councilPolicy(council).version : 1,
        lastSeenAt: d.last_seen_at,
      };
      const now = ctx.clock.now().toISOString();
      const csrf = session.csrf_token;
      // What needs doing first: failures, then what Ward could not tell, then the rest.
      const order = ["fail", "unknown", "pass", "not_applicable"];
      const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
      const results = detail.results
        .map((r) => ({ row: r, result: parseResult(r.result_json) }))
        .sort((x, y) => rank(x.row.status) - rank(y.row.status));
      const activeWaiver = (control: string) =>
        detail.waivers.find((w) => w.control === control && w.revoked_at === null && w.expires_at > now);
      const usb = results.find((r) => r.row.control === "usb-storage" && r.row.status === "fail");
      const links =
        usb && council && canManageCouncil(user, d.council_id)
          ? await stickLinks(
              ctx,
              { councilId: d.council_id, deviceId: d.id },
              usb.result?.facts,
              councilPolicy(council).approvedUsbDevices,
              "device",
            )
          : [];
      const body = html`${doneFlash(request.query.done, policy)}
<dl class="facts">
  <dt>Serial</dt><dd>${d.serial}</dd><dt>Model</dt><dd>${d.manufacturer} ${d.model}</dd>
  <dt>System</dt><dd>${d.os_name} ${d.os_version} (${d.os_build})</dd><dt>Agent</dt><dd>${d.agent_version}</dd>
  <dt>Enrolled</dt><dd>${when(d.enrolled_at)}</dd><dt>Last seen</dt><dd>${when(d.last_seen_at)}</dd>
  ${policyFacts(policy)}
</dl>
<h2>Current results</h2>
${results.length === 0 ? html`<p>No report received yet.</p>` : ""}
${results.map(({ row, result }) => {
  const w = row.status === "fail" ? activeWaiver(row.control) : undefined;
  return html`<section class="result card" id="control-${row.control}">
  <h3>${controlTitle(row.control)} ${statusBadge(w ? "waived" : row.status)}</h3>
  ${w ? html`<p>Waived until ${when(w.expires_at)} by ${w.approved_by}: ${w.reason}</p>` : ""}
  <p class="summary">${result?.summary ?? "The stored result could not be read."}</p>
  ${row.control === "usb-storage" && row.status === "fail" ? approveLinksSection(links) : ""}
  ${row.control === "usb-storage" && row.status === "fail" && awaitingLaptop(policy) ? usbAwaitingNote(policy) : ""}
  <p><small>Since ${when(row.since)}; last checked ${when(row.collected_at)}${result?.clause ? html`; policy clause ${result.clause}` : ""}</small></p>
  ${result && (row.status === "fail" || row.status === "unknown") ? html`<h4>How to fix</h4><ol>${collectorSteps({ ...result, status: row.status }).map((s) => html`<li>${s}</li>`)}</ol>` : ""}
  ${result?.remediation.length && (row.status === "fail" || row.status === "unknown") ? html`<details><summary>Steps the laptop's agent suggested</summary><ol>${result.remediation.map((s) => html`<li>${s}</li>`)}</ol></details>` : ""}
  ${result?.probeErrors.length && row.status === "unknown" ? html`<h4>Why Ward could not tell</h4><ul>${result.probeErrors.map((e) => html`<li><code>${e.probe}</code>: ${e.error}</li>`)}</ul>` : ""}
  <details><summary>Facts</summary><pre>${JSON.stringify(result?.facts ?? {}, null, 2)}</pre></details>
</section>`;
})}
<h2>History</h2>
<ol class="timeline">${detail.timeline.map(
        (
          t,
        ) => html`<li>${when(t.collected_at)} — ${controlTitle(t.control)}: ${statusBadge(t.from_status ?? "none")} → ${statusBadge(t.to_status)}
  <small>${parseResult(t.result_json)?.summary ?? ""}</small></li>`,
      )}</ol>
${detail.timeline.length === TIMELINE_LIMIT ? html`<p><small>Showing the newest ${TIMELINE_LIMIT} changes.</small></p>` : ""}
${chainSection(detail.chain, detail.events, canManageCouncil(user, d.council_id) ? { csrf } : null)}
${assetForm(user, d, detail.asset, csrf)}
${waiverSection(user, d, detail.waivers, CONTROL_IDS, csrf, now, request.query.waiver)}`;
      return sendPage(reply, page({ title: d.hostname, user, csrf, councilId: d.council_id, body }));
    },
  );
}
