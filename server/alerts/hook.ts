// The ingest's alert hooks, run inside the envelope's transaction: evaluate the rules and write alerts to the outbox there.
import type { Kysely } from "kysely";
import { isBoundSqlite, runStatement, transactionEnded } from "../db/raw-sqlite.js";
import { errorMessage } from "../../shared/errors.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { Report } from "../../shared/schemas/report.js";
import type { Database } from "../db/schema.js";
import type { AlertsContext } from "./context.js";
import { findCouncil } from "../stores/council-store.js";
import type { DeviceRow } from "../stores/device-store.js";
import type { BatchMemo, ChainEvent, ReenrolmentEvent, ReportHooks } from "../services/report-hooks.js";
import { currentResults } from "../stores/results-store.js";
import { activeWaivers } from "../stores/waiver-store.js";
import { approveLinksFor } from "./approve-links.js";
import { parseResult } from "./device-facts.js";
import { enqueueAlert } from "./enqueue.js";
import { chainAlert, reenrolAlert, controlAlert, type MessageContext, resolvedNote } from "./messages.js";
import { type Observation, step } from "./rules.js";
import { getAlertSettings } from "./settings-store.js";
import { ruleOn, withLinkBase } from "./settings.js";
import { type AlertStateRow, alertStatesOf, emptyState, putAlertState, sameState } from "./state-store.js";

/**
 * Runs `work` in its own savepoint: the alert rows commit with the change that caused them, but a fault in the
 * alerting (a bad setting, a bug) rolls back only the alerting and is logged, never refusing the device's report.
 * Every query must use `trx`: on SQLite another connection would wait for this transaction forever.
 *
 * The savepoint is opened only when needed (most heartbeats of a batch read nothing the batch has not read and write
 * nothing: a passing control's state does not change). `work` awaits `writing()` before its first write and
 * `reading()` before a read:
 * - on the ingest's SQLite transaction a read needs none: a fault before any write has nothing to roll back, unless
 *   SQLite ended the whole transaction (a full disk, an I/O error); then the fault is the batch's, which fails whole and
 *   is sent again, rather than its later statements committing one by one;
 * - on PostgreSQL a failed read aborts the transaction until a rollback, so a read opens the savepoint too;
 * - anywhere else (a SQLite transaction outside the ingest) it is opened before anything runs.
 */
async function guarded(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  what: string,
  work: (writing: () => Promise<void>, reading: () => Promise<void>) => Promise<void>,
  batch?: BatchMemo,
): Promise<void> {
  let open = false;
  const writing = async () => {
    if (open) return;
    await runStatement(trx, "savepoint ward_alerts");
    open = true;
  };
  const ingest = isBoundSqlite(trx);
  const reading = ingest ? nothing : writing;
  try {
    if (!ingest && ctx.db.dialect !== "postgres") await writing();
    await work(writing, reading);
    if (open) await runStatement(trx, "release savepoint ward_alerts");
  } catch (err) {
    // What the batch kept may describe alert rows that are about to be rolled back.
    batch?.clear();
    if (open) {
      // Fails, and so fails the batch, when the transaction itself is gone.
      await runStatement(trx, "rollback to savepoint ward_alerts");
      await runStatement(trx, "release savepoint ward_alerts");
    } else if (transactionEnded(trx)) {
      throw err;
    }
    ctx.logger.error("alert rules failed; the report is stored without its alerts", { what, error: errorMessage(err) });
  }
}

const nothing = async () => {};

async function messageContext(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  device: DeviceRow,
  reading: () => Promise<void>,
  batch?: BatchMemo,
): Promise<MessageContext> {
  // The council's name and alert settings cannot change inside the batch's transaction: read once per batch.
  const key = `alerts:council:${device.council_id}`;
  let council = batch?.get(key) as { councilName: string; settings: MessageContext["settings"] } | undefined;
  if (council === undefined) {
    await reading();
    const row = await findCouncil(trx, device.council_id);
    const settings = withLinkBase(await getAlertSettings(trx, device.council_id), ctx.config.publicUrl);
    council = { councilName: row?.name ?? device.council_id, settings };
    batch?.set(key, council);
  }
  return { councilName: council.councilName, settings: council.settings, device, now: ctx.clock.now() };
}

/**
 * What the batch keeps of one device (every subject's state, the stored results, the active waivers), under one key:
 * looked up once per report, each part read on first use. Without a batch, a fresh record (read every time).
 */
interface DeviceMemo {
  states?: Map<string, AlertStateRow>;
  results?: ReadonlyArray<{ result: CheckResult | null; collectedAt: string; control: string }>;
  waived?: Set<string>;
}

function deviceMemo(batch: BatchMemo | undefined, deviceId: string): DeviceMemo {
  const key = `alerts:device:${deviceId}`;
  let memo = batch?.get(key) as DeviceMemo | undefined;
  if (memo === undefined) {
    memo = {};
    batch?.set(key, memo);
  }
  return memo;
}

/** The alerts as the ingest's hooks (server/services/report-hooks.ts); createServer attaches them. */
export function alertHooks(ctx: AlertsContext): ReportHooks {
  return {
    reportApplied: (trx, e) => alertsOnReport(ctx, trx, e.before, e.after, e.report, e.batch),
    chainEvent: (trx, { device, batch, ...event }) => alertsOnChainEvent(ctx, trx, device, event, batch),
    reenrolment: (trx, event) => alertsOnReenrolment(ctx, trx, event),
  };
}

/**
 * An accepted report. `before` and `after` are the device row as it was before and after the report was applied.
 * A full report, or a heartbeat confirming the stored results, is one more observation of each control; other kinds
 * observe nothing.
 */
export async function alertsOnReport(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  before: DeviceRow,
  after: DeviceRow,
  report: Report,
  batch?: BatchMemo,
): Promise<void> {
  await guarded(
    ctx,
    trx,
    "report",
    async (writing, reading) => {
      const m = await messageContext(ctx, trx, after, reading, batch);
      // Every subject's state, the stored results and the active waivers, read once per device per batch: only this
      // transaction writes them meanwhile (states through `put`, results by a full report, which drops the copy).
      const memo = deviceMemo(batch, before.id);
      if (memo.states === undefined) {
        await reading();
        memo.states = new Map((await alertStatesOf(trx, before.id)).map((s) => [s.subject, s]));
      }
      const states = memo.states;
      const put = async (row: AlertStateRow) => {
        await writing();
        await putAlertState(trx, row);
        states.set(row.subject, row);
      };
      await silenceEnded(trx, m, states.get("silence"), put, writing);
      let results: ReadonlyArray<{ result: CheckResult | null; collectedAt: string; control: string }>;
      if (report.kind === "full") {
        memo.results = undefined;
        results = report.results.map((r) => ({ result: r, collectedAt: report.collectedAt, control: r.control }));
      } else if (
        report.kind === "heartbeat" &&
        before.results_hash !== null &&
        before.results_hash === report.resultsHash
      ) {
        if (memo.results === undefined) {
          await reading();
          memo.results = (await currentResults(trx, before.id)).map((r) => ({
            result: parseResult(r.result_json),
            collectedAt: r.since,
            control: r.control,
          }));
        }
        results = memo.results;
      } else {
        return;
      }
      if (memo.waived === undefined) {
        await reading();
        memo.waived = new Set((await activeWaivers(trx, before.id, m.now)).map((w) => w.control));
      }
      const waived = memo.waived;
      for (const r of results) {
        if (!r.result) continue;
        const obs: Observation = {
          deviceId: before.id,
          control: r.result.control,
          result: r.result,
          collectedAt: r.collectedAt,
        };
        await observe(ctx, trx, m, obs, states.get(obs.control), waived.has(obs.control), put, writing);
      }
    },
    batch,
  );
}

/**
 * The approve links never cost the alert: a fault building them is logged and the alert goes without links; a link
 * that cannot be made within the limits is left out (approveLinksFor), and the sender drops a stored one that breaks.
 * A database error is not such a fault: it ends the batch (its transaction may already be gone).
 */
async function approveLinksOrNone(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  m: MessageContext,
  result: NonNullable<Observation["result"]>,
): Promise<Awaited<ReturnType<typeof approveLinksFor>>> {
  return approveLinksFor(trx, m, result, (err) =>
    ctx.logger.error("approve links could not be built; the alert is sent without them", { error: errorMessage(err) }),
  );
}

async function observe(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  m: MessageContext,
  obs: Observation,
  prev: AlertStateRow | undefined,
  waived: boolean,
  put: (row: AlertStateRow) => Promise<void>,
  writing: () => Promise<void>,
): Promise<void> {
  const { next, decision } = step(prev, obs, m.settings, m.now, waived);
  // A state that only got a newer updated_at is not written again: a passing control's heartbeat changes nothing.
  if (!prev || !sameState(prev, next)) await put(next);
  if (!decision || !obs.result) return;
  // Building the approve links stores their tokens.
  await writing();
  const content =
    decision.type === "alert" ? controlAlert(m, obs.result) : resolvedNote(m, obs.control, obs.result.summary);
  if (decision.type === "alert") content.approve = await approveLinksOrNone(ctx, trx, m, obs.result);
  await enqueueAlert(trx, {
    key: decision.key,
    councilId: m.device.council_id,
    deviceId: m.device.id,
    content,
    audience: ["dsfm", "it"],
    settings: m.settings,
    now: m.now,
  });
}

/** A gap, fork or re-enrolment reads the silence state alone; a report passes the one it read with the others. */
async function silenceEnded(
  trx: Kysely<Database>,
  m: MessageContext,
  state: AlertStateRow | undefined,
  put: (row: AlertStateRow) => Promise<void>,
  writing: () => Promise<void>,
): Promise<void> {
  if (state?.failing !== 1) return;
  await put(emptyState(m.device.id, "silence", m.now));
  if (!state.alerted_at || !ruleOn(m.settings, "recovery")) return;
  await writing();
  await enqueueAlert(trx, {
    key: `resolved:silence:${m.device.id}:${state.alert_key}`,
    councilId: m.device.council_id,
    deviceId: m.device.id,
    content: resolvedNote(m, "silence", null),
    audience: ["dsfm", "it"],
    settings: m.settings,
    now: m.now,
  });
}

/** A gap (not explained by a spool-drop report) or a fork: straight to the IT provider. */
export async function alertsOnChainEvent(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  device: DeviceRow,
  event: ChainEvent,
  batch?: BatchMemo,
): Promise<void> {
  await guarded(
    ctx,
    trx,
    "chain",
    async (writing, reading) => {
      if (event.kind === "gap" && event.detail["explainedBySpoolDrop"] === true) return;
      const m = await messageContext(ctx, trx, device, reading, batch);
      if (!ruleOn(m.settings, "chain")) return;
      await writing();
      await enqueueAlert(trx, {
        key: `chain:${device.id}:${event.kind}:${event.seq}:${event.hash}`,
        councilId: device.council_id,
        deviceId: device.id,
        content: chainAlert(m, event.kind, event.detail),
        audience: ["it"],
        settings: m.settings,
        now: m.now,
      });
    },
    batch,
  );
}

/**
 * A re-enrolment request (known hardware, a new key) or a replaced key: to the IT provider at once, whatever rules
 * the council switched off, since a take-over looks exactly like this.
 */
export async function alertsOnReenrolment(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  event: ReenrolmentEvent,
): Promise<void> {
  await guarded(ctx, trx, "re-enrolment", async (writing, reading) => {
    const m = await messageContext(ctx, trx, event.device, reading);
    await writing();
    const id = String(event.detail["requestId"] ?? event.detail["keyId"] ?? "");
    await enqueueAlert(trx, {
      key: `reenrol:${event.device.id}:${event.kind}:${id}`,
      councilId: event.device.council_id,
      deviceId: event.device.id,
      content: reenrolAlert(m, event.kind, event.detail),
      audience: ["it"],
      settings: m.settings,
      now: m.now,
    });
  });
}
