// The device page's policy line: which policy version the laptop last confirmed, against the one the council issued.
import { type Html, html } from "../html.js";
import { when } from "../layout.js";

export interface PolicyConfirmation {
  /** The version the laptop's newest report was judged by; null until a report names one. */
  confirmed: number | null;
  /** The council's policy version now (what the collector signs and sends). */
  issued: number;
  /** When the laptop's newest report arrived. */
  lastSeenAt: string | null;
}

/** True when the laptop has not yet confirmed the council's newest policy (its results are judged by an older one). */
export const awaitingLaptop = (p: PolicyConfirmation): boolean => p.confirmed === null || p.confirmed < p.issued;

/** Facts-list entries: the policy the laptop confirmed, or "waiting for the laptop" until its report says so. */
export function policyFacts(p: PolicyConfirmation): Html {
  if (!awaitingLaptop(p)) {
    return html`<dt>Policy</dt><dd>Version ${p.issued}, confirmed by the laptop's report of ${when(p.lastSeenAt)}</dd>`;
  }
  const held =
    p.confirmed === null ? "has not yet said which policy it holds" : html`last confirmed version ${p.confirmed}`;
  return html`<dt>Policy</dt><dd>Version ${p.issued} issued; waiting for the laptop (it ${held}). It fetches the new policy with its next report and checks again at once.</dd>`;
}

/**
 * Under a USB storage fail while the laptop has not confirmed the newest policy: an approval made since is not yet
 * reflected. The fail stays as the laptop signed it; Ward never marks it passed on the laptop's behalf.
 */
export function usbAwaitingNote(p: PolicyConfirmation): Html {
  return html`<p class="note">If you have just approved this stick, this result stays as the laptop last reported it until the laptop's next report, judged by policy version ${p.issued}. Ward does not mark it passed for the laptop.</p>`;
}

/** The note after a form on the device page; after a one-tap approval, what happens next and that the fail stays. */
export function doneFlash(done: string | undefined, p: PolicyConfirmation): Html {
  if (!done) return html``;
  if (done !== "usb-approved") return html`<p class="flash flash-ok" role="status">✔ Saved.</p>`;
  return html`<p class="flash flash-ok" role="status">✔ Approved: policy version ${p.issued} issued. The laptop fetches it with its next report and checks again at once; until then its last report still shows the stick as not approved.</p>`;
}
