// One envelope inside the batch's transaction: classify the link against the locked device row, record it, apply the
// report, then run the hooks (alerts) with the rows already in hand.
import type { Kysely } from "kysely";
import { type ChainState, type ChainVerdict, classifyLink } from "../../shared/chain.js";
import type { ReportResult } from "../../shared/schemas/api.js";
import type { Database } from "../db/schema.js";
import { newId, newOrderedId } from "../ids.js";
import type { DeviceRow } from "../stores/device-store.js";
import { insertIntegrityEvent } from "../stores/event-store.js";
import { acceptedAt, insertLedger, insertRawEnvelope, type NewLedgerRow } from "../stores/ledger-store.js";
import { applyReport, markGapsExplained } from "./apply-report.js";
import type { ServiceContext } from "./context.js";
import type { VerifiedEnvelope } from "./verify-envelope.js";

/**
 * `locked` is the device row as the batch's transaction holds it (locked, and advanced by the envelopes before this
 * one); the answer carries the row as it stands after this envelope, and the columns this envelope changed (`set`),
 * which the batch writes once at its end. `batch` is a memo the hooks may keep for the length of the transaction.
 */
export async function storeEnvelope(
  ctx: ServiceContext,
  trx: Kysely<Database>,
  locked: DeviceRow | undefined,
  item: VerifiedEnvelope,
  batch: Map<string, unknown>,
): Promise<{ result: ReportResult; device: DeviceRow | undefined; set?: Partial<DeviceRow> }> {
  const { result, after, set } = await classifyAndStore(ctx, trx, locked, item, batch);
  return { result, device: after ?? locked, ...(set ? { set } : {}) };
}

async function classifyAndStore(
  ctx: ServiceContext,
  trx: Kysely<Database>,
  device: DeviceRow | undefined,
  item: VerifiedEnvelope,
  batch: Map<string, unknown>,
): Promise<{ result: ReportResult; after?: DeviceRow; set?: Partial<DeviceRow> }> {
  const { report, hash, envelope } = item;
  const base = { seq: report.seq, hash };
  const now = ctx.clock.now().toISOString();
  if (!device || device.key_id !== envelope.keyId) {
    // The device re-enrolled with a new key while this batch was in flight.
    return { result: { ...base, outcome: "rejected", reason: "signed by a key this device no longer uses" } };
  }
  const deviceId = device.id;
  let state: ChainState | null = null;
  let unproven: { seq: number; lastSeq: number } | undefined;
  if (device.last_seq > 0 && device.last_hash !== null) {
    let known: string | undefined;
    if (report.seq < device.last_seq) {
      const at = await acceptedAt(trx, deviceId, device.key_id, report.seq);
      // The hash accepted at this seq, as a row or inside a folded range (which keeps the first 16 bytes of each
      // envelope's hash): the same envelope sent again (a spool restored from a backup) is a duplicate, a different
      // one is a fork.
      if (at?.hash !== undefined) known = hash.startsWith(at.hash) ? hash : at.hash;
      // Inside a range folded before ranges kept their hashes: nothing shows this is the envelope accepted here.
      else if (at) unproven = at;
    }
    state = {
      lastSeq: device.last_seq,
      lastHash: device.last_hash,
      hashAt: (s) => (s === report.seq ? known : undefined),
    };
  }
  const link = { seq: report.seq, prevHash: report.prevHash, hash };
  const verdict: ChainVerdict = unproven
    ? {
        kind: "fork",
        reason: `seq ${report.seq} lies in the ledger range of seq ${unproven.seq}-${unproven.lastSeq}, folded before ranges kept each report's hash: it cannot be shown to be the report accepted there`,
      }
    : classifyLink(state, link);

  switch (verdict.kind) {
    case "duplicate":
      return { result: { ...base, outcome: "duplicate" } };
    case "stale": {
      const reason = `stale: older than the newest report (seq ${verdict.newestSeq}) and not on record`;
      await insertLedger(trx, ledgerRow(device, report, hash, now, "rejected", "stale", reason));
      return { result: { ...base, outcome: "rejected", reason } };
    }
    case "fork": {
      const reason = `fork: ${verdict.reason}`;
      // A retry of the same forked envelope is recorded, and raised as an event, only once.
      if (await insertLedger(trx, ledgerRow(device, report, hash, now, "rejected", "fork", reason))) {
        const detail = { reason: verdict.reason, hash, prevHash: report.prevHash, storedSeq: device.last_seq };
        await integrityEvent(trx, device, report.seq, now, "fork", detail);
        await ctx.hooks.chainEvent(trx, { device, kind: "fork", seq: report.seq, hash, detail, batch });
      }
      return { result: { ...base, outcome: "rejected", reason } };
    }
    case "next":
    case "gap": {
      const reason =
        verdict.kind === "gap"
          ? `gap: ${verdict.missing} report(s) from seq ${verdict.expectedSeq} never arrived`
          : null;
      const row = ledgerRow(device, report, hash, now, "accepted", verdict.kind, reason);
      if (!(await insertLedger(trx, row))) {
        // This exact envelope was recorded before as rejected (e.g. a fork); it is not accepted now either.
        return { result: { ...base, outcome: "rejected", reason: "this envelope was refused before" } };
      }
      await insertRawEnvelope(trx, row.id, deviceId, now, envelope, item.gzipped);
      if (verdict.kind === "gap") {
        const explained =
          report.kind === "spool-drop" &&
          report.dropped.firstSeq <= verdict.expectedSeq &&
          report.dropped.lastSeq >= report.seq - 1;
        const detail = { missing: verdict.missing, expectedSeq: verdict.expectedSeq, explainedBySpoolDrop: explained };
        await integrityEvent(trx, device, report.seq, now, "gap", detail);
        // Drop records may have arrived before the gap showed (they are newer than the reports that survived).
        if (!explained) await markGapsExplained(trx, deviceId);
        await ctx.hooks.chainEvent(trx, { device, kind: "gap", seq: report.seq, hash, detail, batch });
      }
      const {
        note,
        device: after,
        set,
      } = await applyReport(trx, device, report, {
        ledgerId: row.id,
        hash,
        receivedAt: now,
      });
      // Hooks (alerts) write in this transaction, so an alert exists exactly when the change that caused it does.
      await ctx.hooks.reportApplied(trx, { before: device, after, report, batch });
      const why = [reason, note].filter((s): s is string => s !== null).join("; ");
      const result: ReportResult = why
        ? { ...base, outcome: "accepted", reason: why }
        : { ...base, outcome: "accepted" };
      return { result, after, set };
    }
  }
}

/** The ledger row of this envelope (a plain function, not a closure made for every envelope). */
function ledgerRow(
  device: DeviceRow,
  report: VerifiedEnvelope["report"],
  hash: string,
  now: string,
  outcome: NewLedgerRow["outcome"],
  chain: string,
  reason: string | null,
): NewLedgerRow {
  return {
    id: newOrderedId("led"),
    device_id: device.id,
    key_id: device.key_id,
    seq: report.seq,
    hash,
    prev_hash: report.prevHash,
    report_kind: report.kind,
    collected_at: report.collectedAt,
    received_at: now,
    outcome,
    chain,
    reason,
  };
}

function integrityEvent(
  trx: Kysely<Database>,
  device: DeviceRow,
  seq: number,
  now: string,
  kind: "gap" | "fork",
  detail: Record<string, unknown>,
) {
  return insertIntegrityEvent(trx, {
    id: newId("evt"),
    device_id: device.id,
    council_id: device.council_id,
    kind,
    seq,
    detail_json: JSON.stringify(detail),
    created_at: now,
    acknowledged_at: null,
  });
}
