// The device page's one-tap approve links in words (device-load.ts makes them): each stick the council could approve.
import type { StickToApprove } from "../../services/approve-link.js";
import { type Html, html } from "../html.js";

export interface StickLink extends StickToApprove {
  href: string;
}

/** "SanDisk Ultra Fit, serial 4C53… [Approve this stick]" or "every SanDisk Ultra Fit (no serial) [Approve every …]". */
export function stickWords(s: StickToApprove): Html {
  return s.serial
    ? html`${s.name}, serial <code>${s.serial}</code>`
    : html`${s.name} <small>(reports no serial: approving approves every ${s.name})</small>`;
}

export function approveLinksSection(links: StickLink[]): Html {
  if (links.length === 0) return html``;
  return html`<div class="approve-sticks"><p><strong>Is it the council's stick?</strong> Approve it and laptops stop flagging it from their next report.</p>
<ul>${links.map((l) => html`<li>${stickWords(l)} <a class="button" href="${l.href}">${l.serial ? "Approve this stick" : "Approve every one of these"}</a></li>`)}</ul></div>`;
}
