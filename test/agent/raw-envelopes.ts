// Test support: the signed envelopes the collector stored for a device, oldest first.
import type { RunningServer } from "../../server/main.js";
import { ledgerForDevice, readRawEnvelope } from "../../server/stores/ledger-store.js";
import type { Envelope } from "../../shared/schemas/envelope.js";

export async function readRawEnvelopes(server: RunningServer, deviceId: string): Promise<Envelope[]> {
  const ledger = await ledgerForDevice(server.ctx.db.kysely, deviceId);
  const out: Envelope[] = [];
  for (const row of ledger) {
    const env = await readRawEnvelope(server.ctx.db.kysely, row.id);
    if (env) out.push(env);
  }
  return out;
}
