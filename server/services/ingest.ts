// POST /v1/reports: verify a device's batch, then store each envelope in its own transaction before answering.
import { payloadHash, open } from "../../shared/crypto/envelope.js";
import { AppError, isAppError } from "../../shared/errors.js";
import { type ReportResult, ReportsRequest } from "../../shared/schemas/api.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { Report } from "../../shared/schemas/report.js";
import { isUniqueViolation } from "../db/errors.js";
import { findDevice } from "../stores/device-store.js";
import type { ServiceContext } from "./context.js";
import { storeEnvelope } from "./ingest-one.js";
import { parseWith } from "./parse.js";

export interface VerifiedEnvelope {
  index: number;
  envelope: Envelope;
  report: Report;
  hash: string;
}

export async function ingestBatch(ctx: ServiceContext, body: unknown): Promise<{ results: ReportResult[] }> {
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
    throw new AppError("not_found", `Device ${req.deviceId} is not enrolled with this collector: enrol it again with a token.`);
  }
  // Every envelope is checked before anything is stored: a forged or malformed one refuses the whole batch (4xx),
  // naming its index, so nothing from a tampered batch is kept.
  const now = ctx.clock.now();
  const verified = req.envelopes.map((envelope, index) => verifyOne(envelope, index, device.id, device.public_key));
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
  return { results };
}

function envelopeCount(body: unknown): number {
  const envelopes = (body as { envelopes?: unknown } | null)?.envelopes;
  return Array.isArray(envelopes) ? envelopes.length : 0;
}

/** How far ahead of the collector's clock a report may say it was collected (time zones never apply: it is UTC). */
const MAX_FUTURE_MS = 24 * 3600_000;

/**
 * A report dated more than a day ahead of this collector's clock is refused, but it is not the device's fault when
 * this collector's own clock went back: it has already stored envelopes received later than its "now". The answer
 * names the party whose clock is wrong, with both times, so the agent keeps the report and retries (never drops it).
 */
async function clockRefusal(ctx: ServiceContext, v: VerifiedEnvelope, now: Date): Promise<AppError> {
  const newest = await ctx.db.kysely
    .selectFrom("ledger")
    .select((eb) => eb.fn.max("received_at").as("at"))
    .executeTakeFirst();
  const newestAt = newest?.at ? Date.parse(String(newest.at)) : Number.NaN;
  const collectorBehind = Number.isFinite(newestAt) && newestAt > now.getTime() + 3600_000;
  const who = collectorBehind
    ? `the collector's clock is wrong: it reads ${now.toISOString()} but it already stored reports received at ${new Date(newestAt).toISOString()}. The IT provider must fix the collector's date and time`
    : "the device's date and time, or the collector's, are wrong: compare both with the real time and fix the wrong one";
  return new AppError(
    "schema_invalid",
    `envelopes[${v.index}] says it was collected at ${v.report.collectedAt}, more than a day ahead of the collector's clock (${now.toISOString()}): ${who}. Nothing in this batch was stored; the device keeps its reports and sends them again once the clocks agree.`,
    {
      details: {
        index: v.index,
        reason: "clock-ahead",
        collectedAt: v.report.collectedAt,
        collectorTime: now.toISOString(),
        wrongClock: collectorBehind ? "collector" : "unknown",
      },
    },
  );
}

function verifyOne(envelope: Envelope, index: number, deviceId: string, publicKey: string): VerifiedEnvelope {
  let report: Report;
  try {
    report = open(envelope, publicKey, Report);
  } catch (caught) {
    // A validly signed payload can still be hostile: nesting deep enough to overflow the parser's stack
    // (RangeError) is malformed input, answered 400 like any other, never a 500.
    const err = isAppError(caught)
      ? caught
      : new AppError("canonical_invalid", `payload could not be parsed (${caught instanceof Error ? caught.name : "error"})`, {
          cause: caught,
        });
    const advice =
      err.code === "signature_invalid"
        ? " The batch was refused and nothing in it was stored."
        : " Nothing in this batch was stored; drop that envelope and send the rest again.";
    throw new AppError(err.code, `envelopes[${index}]: ${err.message}.${advice}`, {
      cause: caught,
      details: { index },
    });
  }
  if (report.deviceId !== deviceId) {
    throw new AppError(
      "forbidden",
      `envelopes[${index}] is a report of device ${report.deviceId}, but the batch is for ${deviceId}: send each device's reports in its own batch.`,
      { details: { index } },
    );
  }
  return { index, envelope, report, hash: payloadHash(envelope) };
}

/**
 * The batch is one transaction, committed before the answer is sent: an acknowledged envelope is durable, and a
 * crash before the commit stores none of the batch (the agent resends it; duplicates are recognised). One commit
 * per batch means one fsync per batch instead of one per envelope. Each envelope runs inside a savepoint: if the
 * unique index that allows one acceptance per seq ever fires (a writer that raced past the row lock), only that
 * envelope rolls back and is classified again against what is now stored.
 */
async function storeBatch(ctx: ServiceContext, deviceId: string, items: VerifiedEnvelope[], results: ReportResult[]) {
  const trx = await ctx.db.kysely.startTransaction().execute();
  try {
    for (const item of items) {
      for (let attempt = 1; ; attempt++) {
        const sp = await trx.savepoint("envelope").execute();
        try {
          results[item.index] = await storeEnvelope(ctx, sp, deviceId, item);
          await sp.releaseSavepoint("envelope").execute();
          break;
        } catch (err) {
          await sp.rollbackToSavepoint("envelope").execute();
          if (attempt < 3 && isUniqueViolation(err)) continue;
          throw err;
        }
      }
    }
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute().catch(() => {});
    throw err;
  }
}
