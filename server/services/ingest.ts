// POST /v1/reports: verify a device's batch, then store it in one transaction (on SQLite shared with batches arriving together) before answering.
import { AppError } from "../../shared/errors.js";
import { type ReportResult, ReportsRequest } from "../../shared/schemas/api.js";
import { readerStatement } from "../db/raw-sqlite.js";
import { type CouncilRow, findCouncil } from "../stores/council-store.js";
import { type DeviceRow, findDevice, lockDevice, updateDevice } from "../stores/device-store.js";
import type { ServiceContext } from "./context.js";
import { expectBatch, storeInTransaction } from "./ingest-commit.js";
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
  const device = await committed<DeviceRow>(ctx, `select * from "devices" where "id" = ?`, req.deviceId, findDevice);
  if (!device) {
    throw new AppError(
      "not_found",
      `Device ${req.deviceId} is not enrolled with this collector: enrol it again with a token.`,
    );
  }
  // Every envelope is checked before anything is stored: a forged or malformed one refuses the whole batch (4xx),
  // naming its index, so nothing from a tampered batch is kept.
  const now = ctx.clock.now();
  // The group commit waits briefly for this batch while it is verified (ingest-commit.ts), so batches share commits.
  const arrived = expectBatch(ctx.db);
  try {
    return await verifyAndStore(ctx, req, device, now, arrived);
  } finally {
    arrived();
  }
}

async function verifyAndStore(
  ctx: ServiceContext,
  req: ReportsRequest,
  device: DeviceRow,
  now: Date,
  arrived: () => void,
): Promise<{ results: ReportResult[]; policyVersion?: number }> {
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
    const stored = storeBatch(ctx, device.id, inSeqOrder, results);
    arrived();
    await stored;
  } finally {
    ctx.metrics.ingestInflight.dec(inSeqOrder.length);
  }
  // Counted only after the commit: these envelopes are now durably stored (or durably known).
  const outcomes = new Map<ReportResult["outcome"], number>();
  for (const r of results) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
  for (const [outcome, n] of outcomes) ctx.metrics.ingestEnvelopes.inc({ outcome }, n);
  // The council's current policy version rides on every answer: an agent holding an older one fetches it at once,
  // so an approval reaches the laptop at its next delivery, not a day later.
  const council = await committed<CouncilRow>(
    ctx,
    `select * from "councils" where "id" = ?`,
    device.council_id,
    findCouncil,
  );
  return council ? { results, policyVersion: policyVersion(council.policy_json, council) } : { results };
}

/**
 * A row as last committed. On SQLite this reads on the second connection, so a request neither waits for the
 * transaction another batch holds open nor sees its uncommitted rows; elsewhere it is `viaKysely`.
 */
async function committed<Row>(
  ctx: ServiceContext,
  source: string,
  id: string,
  viaKysely: (q: ServiceContext["db"]["kysely"], id: string) => Promise<Row | undefined>,
): Promise<Row | undefined> {
  const stmt = readerStatement(ctx.db.reader, source);
  return stmt ? (stmt.get(id) as Row | undefined) : viaKysely(ctx.db.kysely, id);
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
 * The batch is stored in one transaction, committed before the answer is sent: an acknowledged envelope is durable,
 * and a crash before the commit stores none of the batch (the agent resends it; duplicates are recognised). The
 * device row is locked once for the batch and carried from envelope to envelope as each one advances it; the columns
 * they change are written once, at the batch's end. No savepoint per envelope on either database: on SQLite nothing
 * can race this process's one writer, and on PostgreSQL the row lock makes instances take turns per device (a
 * unique-index race runs the whole batch again: ingest-commit.ts).
 */
async function storeBatch(ctx: ServiceContext, deviceId: string, items: VerifiedEnvelope[], results: ReportResult[]) {
  await storeInTransaction(ctx.db, async (trx, memo) => {
    let device = await lockDevice(trx, ctx.db.dialect, deviceId);
    const changed: Partial<DeviceRow> = {};
    for (const item of items) {
      const stored = await storeEnvelope(ctx, trx, device, item, memo);
      results[item.index] = stored.result;
      device = stored.device;
      if (stored.set) Object.assign(changed, stored.set);
    }
    if (device && Object.keys(changed).length > 0) await updateDevice(trx, device.id, changed);
  });
}
