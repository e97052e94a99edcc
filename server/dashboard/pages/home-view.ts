// The DSFM's home, drawn: one plain sentence (how many laptops meet the policy, how many things need you, or for a
// council viewer need attention from whom) and the to-do.
import { type Html, html } from "../html.js";
import { BASE } from "../layout.js";
import type { TodoItem } from "./home-todo.js";

export interface HomePage {
  councilId: string;
  councilName: string;
  devices: number;
  meeting: number;
  todo: TodoItem[];
  /** Laptops holding a stick approved since their last report: nothing to do but wait for it. */
  waiting: string[];
  /** The viewer's role may approve and waive (a council viewer only reads). */
  manage: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Who acts on the to-do, for a council viewer (who only reads). */
const ACTORS = "the council's manager or IT provider";

/**
 * "3 of 4 laptops meet the policy; 2 things need you." to whoever can act; a council viewer, who cannot, reads
 * "2 things need attention from the council's manager or IT provider."
 */
export function verdict(p: Pick<HomePage, "devices" | "meeting" | "todo">, manage = true): string {
  const n = p.todo.length;
  const need =
    n === 0
      ? `nothing needs ${manage ? "you" : "attention"}`
      : `${plural(n, "thing needs", "things need")} ${manage ? "you" : `attention from ${ACTORS}`}`;
  if (p.devices === 0) return `No laptop has reported to Ward yet; ${need}.`;
  if (p.meeting === p.devices)
    return `${p.devices === 1 ? "The council's laptop meets" : `All ${p.devices} laptops meet`} the policy; ${need}.`;
  return `${p.meeting} of ${plural(p.devices, "laptop", "laptops")} ${p.meeting === 1 ? "meets" : "meet"} the policy; ${need}.`;
}

export function homeView(p: HomePage): Html {
  const c = `${BASE}/councils/${encodeURIComponent(p.councilId)}`;
  const ok = p.todo.length === 0 && p.meeting === p.devices;
  return html`<p class="verdict ${ok ? "verdict-ok" : "verdict-todo"}" role="status"><span aria-hidden="true">${ok ? "✔" : "⚠"}</span> ${verdict(p, p.manage)}</p>
${p.waiting.length ? html`<p class="note">Waiting for ${p.waiting.join(", ")}: a stick approved since the laptop's last report shows as allowed from its next report.</p>` : ""}
${p.todo.length ? todoList(p) : p.manage ? html`<p>Nothing needs you. Ward tells you by email when something does.</p>` : ""}
<p class="home-links"><a href="${c}">Check results of every laptop</a> · <a href="${c}/report">Print the council report</a> · <a href="${c}/approvals">USB approvals</a> · <a href="${c}/waivers">Waivers</a></p>`;
}

/** The to-do; a viewer's is headed for what they can do (read it, and know who acts on each). */
function todoList(p: HomePage): Html {
  const list = html`<ol class="todo">${p.todo.map((t) => item(t, p.manage))}</ol>`;
  if (p.manage) return html`<h2>To do, most urgent first</h2>${list}`;
  return html`<h2>Needs attention, most urgent first</h2>
<p class="note">You can read these; ${ACTORS} acts on them. Each says who to ask.</p>${list}`;
}

/** A viewer sees what needs doing and who to ask, without the approve and waive buttons they cannot use. */
function item(t: TodoItem, manage: boolean): Html {
  const changes = (a: { href: string }) => a.href.includes("/approve?") || a.href.includes("#waiver-form");
  const action = !manage && changes(t.action) ? null : t.action;
  const more = t.more.filter((a) => manage || !changes(a));
  return html`<li class="todo-item todo-${t.kind} card">
<h3>${t.title}</h3>
<p><strong>What it means:</strong> ${t.means}</p>
<p><strong>What to do:</strong></p><ol class="steps">${t.steps.map((s) => html`<li>${s}</li>`)}</ol>
<p><strong>Who to ask:</strong> ${t.ask}</p>
<p class="actions">${action ? html`<a class="button" href="${action.href}">${action.label}</a>` : ""}${more.map((a) => html` <a href="${a.href}">${a.label}</a>`)}</p>
</li>`;
}
