// The device page's one-tap approve links: each stick the laptop flagged that the council could approve, in words.
import type { ApprovedUsbDevice } from "../../../shared/schemas/policy.js";
import { approveLinkSecret, type StickToApprove, stickToken, sticksToApprove } from "../../services/approve-link.js";
import type { ServiceContext } from "../../services/context.js";
import { type Html, html } from "../html.js";
import { BASE } from "../layout.js";

export interface StickLink extends StickToApprove {
  href: string;
}

/** Approve links for the sticks in a failing usb-storage result (none when the result names none to approve). */
export async function stickLinks(
  ctx: ServiceContext,
  where: { councilId: string; deviceId: string },
  facts: unknown,
  approved: readonly ApprovedUsbDevice[],
  from: "device" | "home",
): Promise<StickLink[]> {
  const sticks = sticksToApprove(facts, approved);
  if (sticks.length === 0) return [];
  const now = ctx.clock.now();
  const secret = await approveLinkSecret(ctx.db.kysely, now);
  return sticks.map((s) => ({
    ...s,
    href: `${BASE}/approve?${new URLSearchParams({ t: stickToken(secret, where.councilId, where.deviceId, s, now), from })}`,
  }));
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
