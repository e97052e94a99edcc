// The approve links an unapproved-stick alert carries: one signed, 7-day link per stick the council could approve.
import type { Kysely } from "kysely";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { Database } from "../db/schema.js";
import { approveLinkSecret, dashboardUrl, stickToken, sticksToApprove } from "../services/approve-link.js";
import { councilPolicy } from "../services/policy.js";
import { findCouncil } from "../stores/council-store.js";
import { ApproveLink } from "./content.js";
import type { MessageContext } from "./messages.js";

/**
 * None unless a usb-storage fail names a stick the council's current list does not cover, and a public URL is set.
 * A fault in building the links (a stored policy that does not parse, a stick that cannot be encoded) is given to
 * `fault` and the alert goes without them; a database error is not caught: it runs in the ingest's shared
 * transaction, which SQLite ends whole on some failures (SQLITE_FULL), so the batch must fail with it.
 */
export async function approveLinksFor(
  q: Kysely<Database>,
  m: MessageContext,
  result: CheckResult,
  fault: (err: unknown) => void,
): Promise<ApproveLink[] | undefined> {
  if (result.control !== "usb-storage" || result.status !== "fail" || !m.settings.publicUrl) return undefined;
  const council = await findCouncil(q, m.device.council_id);
  const sticks = guarded(fault, () =>
    sticksToApprove(result.facts, council ? councilPolicy(council).approvedUsbDevices : []),
  );
  if (!sticks?.length) return undefined;
  const secret = await approveLinkSecret(q, m.now);
  const publicUrl = m.settings.publicUrl;
  return guarded(fault, () => {
    const base = dashboardUrl(publicUrl);
    const links: ApproveLink[] = [];
    for (const s of sticks) {
      const token = stickToken(secret, m.device.council_id, m.device.id, s, m.now);
      const link = {
        label: s.serial
          ? `Approve this stick (${s.name}, serial ${s.serial}) if it is the council's`
          : `Approve every ${s.name} (this model reports no serial, so Ward cannot tell one from another)`,
        url: `${base}/approve?t=${token}`,
      };
      // A stick whose link cannot be made within the limits gets none; the alert and the other sticks' links still go.
      if (token && ApproveLink.safeParse(link).success) links.push(link);
    }
    return links.length ? links : undefined;
  });
}

/** What `build` gives, or undefined when it throws (the error handed to `fault`); for work that touches no database. */
function guarded<T>(fault: (err: unknown) => void, build: () => T): T | undefined {
  try {
    return build();
  } catch (err) {
    fault(err);
    return undefined;
  }
}
