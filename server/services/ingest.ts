// POST /v1/reports: verify a device's batch, then store each envelope in its own transaction before answering.
import { AppError } from "../../shared/errors.js";
import { type ReportResult, ReportsRequest } from "../../shared/schemas/api.js";
import { isUniqueViolation } from "../db/errors.js";
import { findCouncil } from "../stores/council-store.js";
import { findDevice, lockDevice } from "../stores/device-store.js";
import type { ServiceContext } from "./context.js";
import { storeEnvelope } from "./ingest-one.js";
import { clockRefusal, MAX_FUTURE_MS, type VerifiedEnvelope, verifyOne } from "./verify-envelope.js";
import { parseWith } from "./parse.js";
import { councilPolicy } from "./policy.js";

export async function ingestBatch(
  ctx: ServiceContext,
  body: unknown,
): Promise<{ results: ReportResult[]; policyVersion?: number }> {
  const count = envelopeCount(body);
  if (count > ctx.config.batchLimit) {
    throw new AppError(
      "too_large",
      `A batch may carry at most ${ctx.config.batchLimit} envelopes; this one has ${count}. Send the rest in further batches.`,
    );
  }
  const req = parseWith(ReportsRequest, body, "report batch");
  const device = await findDevice(ctx.db.kysely, req.deviceId);
  if (!device) {
    throw new AppError(
      "not_found",
      `Device ${req.deviceId} is not enrolled with this collector: enrol it again with a token.`,
    );
  }
  // Every envelope is checked before anything is stored: a forged or malformed one refuses the whole batch (4xx),
  // naming its index, so nothing from a tampered batch is kept.
  const now = ctx.clock.now();
  // Signatures are verified on the worker threads when the server has them (the Ed25519 work is most of a batch's CPU).
  const checks = ctx.verifyPool ? await ctx.verifyPool.check(device.public_key, req.envelopes) : undefined;
  const verified = req.envelopes.map((envelope, index) =>
    verifyOne(envelope, index, device.id, device.public_key, checks?.[index]),
  );
  const ahead = verified.find((v) => Date.parse(v.report.collectedAt) > now.getTime() + MAX_FUTURE_MS);
  if (ahead) throw await clockRefusal(ctx, ahead, now);
  const results: ReportResult[] = new Array(verified.length);
  const inSeqOrder = [...verified].sort((a, b) => a.report.seq - b.report.seq || a.index - b.index);
  ctx.metrics.ingestInflight.inc(inSeqOrder.length);
  try {
    await storeBatch(ctx, device.id, inSeqOrder, results);
  } finally {
    ctx.metrics.ingestInflight.dec(inSeqOrder.length);
  }
  // Counted only after the commit: these envelopes are now durably stored (or durably known).
  for (const r of results) ctx.metrics.ingestEnvelopes.inc({ outcome: r.outcome });
  // The council's current policy version rides on every answer: an agent holding an older one fetches it at once,
  // so an approval reaches the laptop at its next delivery, not a day later.
  const council = await findCouncil(ctx.db.kysely, device.council_id);
  return council ? { results, policyVersion: policyVersion(council.policy_json, council) } : { results };
}

/** The version of a stored policy, parsed once per distinct policy text (not on every request: zod is not free). */
const versions = new Map<string, number>();
function policyVersion(policyJson: string, council: Parameters<typeof councilPolicy>[0]): number {
  let version = versions.get(policyJson);
  if (version === undefined) {
    version = councilPolicy(council).version;
    if (versions.size >= 1000) versions.delete(versions.keys().next().value as string);
    versions.set(policyJson, version);
  }
  return version;
}

function envelopeCount(body: unknown): number {
  const envelopes = (body as { envelopes?: unknown } | null)?.envelopes;
  return Array.isArray(envelopes) ? envelopes.length : 0;
}

/**
 * The batch is one transaction, committed before the answer is sent: an acknowledged envelope is durable, and a
 * crash before the commit stores none of the batch (the agent resends it; duplicates are recognised). One commit
 * per batch means one fsync per batch instead of one per envelope. The device row is locked once for the batch and
 * carried from envelope to envelope as each one advances it.
 *
 * On PostgreSQL each envelope runs inside a savepoint: if the unique index that allows one acceptance per seq ever
 * fires (a writer that raced past the row lock), only that envelope rolls back and is classified again against what
 * is now stored. SQLite has one writer (this process's one connection, held for the whole transaction), so no other
 * writer can race it and the savepoints would be two statements per envelope for nothing.
 */
async function storeBatch(ctx: ServiceContext, deviceId: string, items: VerifiedEnvelope[], results: ReportResult[]) {
  const trx = await ctx.db.kysely.startTransaction().execute();
  try {
    const batch = new Map<string, unknown>();
    let device = await lockDevice(trx, ctx.db.dialect, deviceId);
    for (const item of items) {
      if (ctx.db.dialect === "sqlite") {
        const stored = await storeEnvelope(ctx, trx, device, item, batch);
        results[item.index] = stored.result;
        device = stored.device;
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        const sp = await trx.savepoint("envelope").execute();
        try {
          const stored = await storeEnvelope(ctx, sp, device, item, batch);
          results[item.index] = stored.result;
          device = stored.device;
          await sp.releaseSavepoint("envelope").execute();
          break;
        } catch (err) {
          await sp.rollbackToSavepoint("envelope").execute();
          if (attempt < 3 && isUniqueViolation(err)) {
            device = await lockDevice(trx, ctx.db.dialect, deviceId);
            continue;
          }
          throw err;
        }
      }
    }
    await trx.commit().execute();
  } catch (err) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw err;
  }
}
