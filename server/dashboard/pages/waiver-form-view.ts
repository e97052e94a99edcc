// The waiver form's view: the form (values kept, a problem by its field) and its page, with or without the problem.
import { controlTitle } from "../../../shared/controls/index.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import type { DeviceRow } from "../../stores/device-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, page } from "../layout.js";

export interface WaiverValues {
  control?: string;
  reason?: string;
  expires?: string;
}
export type WaiverProblem = { field: "control" | "reason" | "expires"; message: string };

export const YEAR_MS = 365 * 86_400_000;

/** The form; with a problem, the message sits by its field and the field says it is invalid. */
export function waiverForm(
  deviceId: string,
  csrf: string,
  now: Date,
  values: WaiverValues = {},
  problem?: WaiverProblem,
) {
  const bad = (f: WaiverProblem["field"]) =>
    problem?.field === f ? html` aria-invalid="true" aria-describedby="${f}-error"` : "";
  const note = (f: WaiverProblem["field"]): Html | string =>
    problem?.field === f ? html`<p class="field-error" id="${f}-error">${problem.message}</p>` : "";
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return html`<form method="post" action="${BASE}/devices/${deviceId}/waivers" class="card" id="waiver-form">
  ${csrfField(csrf)}
  <label for="control">Control</label>${note("control")}
  <select id="control" name="control"${bad("control")}>${CONTROL_IDS.map((c) => html`<option value="${c}"${values.control === c ? html` selected` : ""}>${controlTitle(c)}</option>`)}</select>
  <label for="reason">Reason</label>${note("reason")}<input id="reason" name="reason" required maxlength="500" value="${values.reason ?? ""}"${bad("reason")}>
  <label for="expires">Expires on (required: at most a year from today, by ${day(now.getTime() + YEAR_MS)})</label>${note("expires")}<input id="expires" name="expires" type="date" required min="${day(now.getTime())}" max="${day(now.getTime() + YEAR_MS)}" value="${values.expires ?? ""}"${bad("expires")}>
  <button type="submit">Add waiver</button>
</form>`;
}

/** The form on its own page (values: a control to start on), "Nothing was saved" above it when they had a problem. */
export function waiverFormPage(
  d: DeviceRow,
  user: Parameters<typeof page>[0]["user"],
  csrf: string,
  now: Date,
  values?: WaiverValues,
  problem?: WaiverProblem,
): string {
  const body = problem
    ? html`<p class="flash flash-error" role="alert">Nothing was saved: ${problem.message}</p>
<p><a href="${BASE}/devices/${d.id}">← Back to ${d.hostname}</a></p>${waiverForm(d.id, csrf, now, values, problem)}`
    : html`<p><a href="${BASE}/devices/${d.id}">← Back to ${d.hostname}</a></p>${waiverForm(d.id, csrf, now, values)}`;
  return page({ title: `Add a waiver · ${d.hostname}`, user, csrf, councilId: d.council_id, body });
}
