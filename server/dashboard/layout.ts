// The page frame: head (stylesheet and script from /dashboard/assets, no inline code), navigation, status symbols.
import type { DashUser } from "./access.js";
import { canManageUsers, isProvider, ROLE_LABELS } from "./access.js";
import { type Html, html } from "./html.js";

export const BASE = "/dashboard";

export interface PageOptions {
  title: string;
  user?: DashUser | null;
  csrf?: string;
  /** The council whose pages the navigation links to. */
  councilId?: string | null;
  body: Html;
}

export function page(o: PageOptions): string {
  return `<!doctype html>\n${
    html`<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Ward</title>
<link rel="stylesheet" href="${BASE}/assets/ward.css">
<link rel="stylesheet" href="${BASE}/assets/dsfm.css">
<link rel="stylesheet" href="${BASE}/assets/phone.css" media="(max-width: 600px)">
<script src="${BASE}/assets/ward.js" defer></script>
</head>
<body>
<header class="top no-print">
  <a class="brand" href="${BASE}/">Ward</a>
  ${o.user ? html`${menuToggle()}${nav(o.user, o.councilId ?? o.user.councilId, o.csrf ?? "")}` : ""}
</header>
<main id="main">
<h1>${o.title}</h1>
${o.body}
</main>
</body>
</html>`.text
  }`;
}

/**
 * On a phone (phone.css) the navigation hides behind this "Menu" disclosure, so the header is one short row; opening it
 * shows the navigation just after it. No script: the details element opens and closes itself, and phone.css hides the
 * navigation only where the browser knows :has(), so an older one shows it as before. Hidden on a wider screen.
 */
function menuToggle(): Html {
  return html`<details class="menu"><summary aria-controls="main-nav">Menu</summary></details>`;
}

function nav(u: DashUser, councilId: string | null, csrf: string): Html {
  const c = councilId ? `${BASE}/councils/${encodeURIComponent(councilId)}` : null;
  return html`<nav id="main-nav" aria-label="Main">
  <a href="${BASE}/">${isProvider(u) ? "Overview" : "Home"}</a>
  ${isProvider(u) ? html`<a href="${BASE}/devices">All devices</a>` : html`<a href="${BASE}/devices">Laptops</a>`}
  ${
    c
      ? html`${isProvider(u) ? html`<a href="${c}/home">To do</a> ` : ""}<a href="${c}">Check results</a> <a href="${c}/approvals">USB approvals</a> <a href="${c}/waivers">Waivers</a>
  <a href="${c}/report">Report</a> <a href="${c}/evidence">Evidence pack</a> <a href="${c}/alerts">Alert settings</a>${u.role === "provider-admin" ? html` <a href="${c}/policy">Policy</a>` : ""}`
      : ""
  }
  ${u.role === "provider-admin" ? html`<a href="${BASE}/councils">Councils</a>` : ""}
  ${isProvider(u) ? html`<a href="${BASE}/tokens">Enrolment tokens</a>` : ""}
  ${canManageUsers(u) ? html`<a href="${BASE}/users">Users</a> <a href="${BASE}/api-tokens">API tokens</a>` : ""}
  ${u.role !== "council-viewer" ? html`<a href="${BASE}/audit">Audit log</a>` : ""}
  <span class="who">${u.email} (${ROLE_LABELS[u.role]})</span>
  <form method="post" action="${BASE}/logout" class="inline">${csrfField(csrf)}<button type="submit">Log out</button></form>
</nav>`;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

const STATUS: Record<string, { symbol: string; word: string }> = {
  pass: { symbol: "✔", word: "Pass" },
  fail: { symbol: "✘", word: "Fail" },
  unknown: { symbol: "?", word: "Unknown" },
  not_applicable: { symbol: "–", word: "Not applicable" },
  waived: { symbol: "‖", word: "Waived" },
  none: { symbol: "·", word: "No result" },
};

/** A status's symbol (shown beside a word or a count, never alone). */
export function statusSymbol(status: string): string {
  return STATUS[status]?.symbol ?? "?";
}

/** A status as a symbol AND a word (never colour alone); the class only adds colour for those who see it. */
export function statusBadge(status: string): Html {
  const s = STATUS[status] ?? { symbol: "?", word: status };
  return html`<span class="status s-${status in STATUS ? status : "unknown"}"><span aria-hidden="true">${s.symbol}</span> ${s.word}</span>`;
}

export function when(iso: string | null | undefined): Html {
  if (!iso) return html`<span class="muted">never</span>`;
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
}

export function flash(message: string | undefined, kind: "ok" | "error" = "ok"): Html {
  if (!message) return html``;
  return html`<p class="flash flash-${kind}" role="${kind === "error" ? "alert" : "status"}">${kind === "ok" ? "✔ " : "✘ "}${message}</p>`;
}
