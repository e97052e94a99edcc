// Fans one alert out to the council's destinations for its audience: one outbox row per destination, keyed.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { AlertContent } from "./content.js";
import { enqueueOutbox } from "./outbox-store.js";
import type { AlertSettings, Role } from "./settings.js";

export interface Destination {
  destination: string;
  role: Role;
}

export function destinationsFor(settings: AlertSettings, audience: readonly Role[]): Destination[] {
  const out: Destination[] = [];
  for (const role of audience) {
    for (const address of settings.recipients[role]) out.push({ destination: `email:${address.toLowerCase()}`, role });
    for (const hook of settings.webhooks)
      if (hook.role === role) out.push({ destination: `webhook:${hook.name}`, role });
  }
  const seen = new Set<string>();
  // One address in both roles gets the IT provider's (fuller) message once: "it" rows come first for that reason.
  return out
    .sort((a, b) => (a.role === b.role ? 0 : a.role === "it" ? -1 : 1))
    .filter((d) => {
      if (seen.has(d.destination)) return false;
      seen.add(d.destination);
      return true;
    });
}

/** Writes the alert's rows (in the caller's transaction). Returns how many were new. */
export async function enqueueAlert(
  q: Kysely<Database>,
  a: {
    key: string;
    councilId: string;
    deviceId: string | null;
    content: AlertContent;
    audience: readonly Role[];
    settings: AlertSettings;
    now: Date;
  },
): Promise<number> {
  if (!a.settings.enabled) return 0;
  let written = 0;
  for (const d of destinationsFor(a.settings, a.audience)) {
    const ok = await enqueueOutbox(q, {
      key: idempotencyKey(`${a.key}|${d.destination}`),
      councilId: a.councilId,
      deviceId: a.deviceId,
      destination: d.destination,
      role: d.role,
      // A resolved note names the alert it closes to this destination: that alert's key is the same cause without
      // the "resolved:" prefix (rules.ts and hook.ts build them so), hashed with the same destination.
      content: {
        ...a.content,
        resolves: a.key.startsWith("resolved:")
          ? idempotencyKey(`${a.key.slice("resolved:".length)}|${d.destination}`)
          : null,
      },
      now: a.now,
    });
    if (ok) written++;
  }
  return written;
}

/**
 * The stored and carried idempotency key (Message-ID, header, webhook body): a hash of what caused the alert and
 * where it goes, so it is the same however often and on whichever instance a rule fires, and short enough to index.
 */
export function idempotencyKey(cause: string): string {
  return createHash("sha256").update(cause).digest("hex").slice(0, 40);
}
