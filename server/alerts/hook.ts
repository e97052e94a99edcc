// The ingest's alert hooks, run inside the envelope's transaction: evaluate the rules and write alerts to the outbox there.
import { type Kysely, sql } from "kysely";
import { errorMessage } from "../../shared/errors.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { Report } from "../../shared/schemas/report.js";
import type { Database } from "../db/schema.js";
import type { AlertsContext } from "./context.js";
import { findCouncil } from "../stores/council-store.js";
import type { DeviceRow } from "../stores/device-store.js";
import type { ChainEvent, ReenrolmentEvent, ReportHooks } from "../services/report-hooks.js";
import { currentResults } from "../stores/results-store.js";
import { activeWaiver } from "../stores/waiver-store.js";
import { parseResult } from "./device-facts.js";
import { enqueueAlert } from "./enqueue.js";
import { chainAlert, reenrolAlert, controlAlert, type MessageContext, resolvedNote } from "./messages.js";
import { type Observation, step } from "./rules.js";
import { getAlertSettings } from "./settings-store.js";
import { ruleOn } from "./settings.js";
import { emptyState, getAlertState, putAlertState } from "./state-store.js";

/**
 * Runs `work` in its own savepoint: the alert rows commit with the change that caused them, but a fault in the
 * alerting (a bad setting, a bug) rolls back only the alerting and is logged, never refusing the device's report.
 * Every query must use `trx`: on SQLite another connection would wait for this transaction forever.
 */
async function guarded(
  ctx: AlertsContext,
  trx: Kysely<Database>,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  await sql`savepoint ward_alerts`.execute(trx);
  try {
    await work();
    await sql`release savepoint ward_alerts`.execute(trx);
  } catch (err) {
    await sql`rollback to savepoint ward_alerts`.execute(trx);
    await sql`release savepoint ward_alerts`.execute(trx);
    ctx.logger.error("alert rules failed; the report is stored without its alerts", { what, error: errorMessage(err) });
  }
}

async function messageContext(ctx: AlertsContext, trx: Kysely<Database>, device: DeviceRow): Promise<MessageContext> {
  const council = await findCouncil(trx, device.council_id);
  const settings = await getAlertSettings(trx, device.council_id);
  return { councilName: council?.name ?? device.council_id, device, settings, now: ctx.clock.now() };
}

/** The alerts as the ingest's hooks (server/services/report-hooks.ts); createServer attaches them. */
export function alertHooks(ctx: AlertsContext): ReportHooks {
  return {
    reportApplied: (trx, e) => alertsOnReport(ctx, trx, e.before, e.after, e.report),
    chainEvent: (trx, { device, ...event }) => alertsOnChainEvent(ctx, trx, device, event),
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
): Promise<void> {
  await guarded(ctx, trx, "report", async () => {
    const m = await messageContext(ctx, trx, after);
    await silenceEnded(trx, m);
    let results: Array<{ result: CheckResult | null; collectedAt: string; control: string }>;
    if (report.kind === "full") {
      results = report.results.map((r) => ({ result: r, collectedAt: report.collectedAt, control: r.control }));
    } else if (
      report.kind === "heartbeat" &&
      before.results_hash !== null &&
      before.results_hash === report.resultsHash
    ) {
      results = (await currentResults(trx, before.id)).map((r) => ({
        result: parseResult(r.result_json),
        collectedAt: r.since,
        control: r.control,
      }));
    } else {
      return;
    }
    for (const r of results) {
      if (!r.result) continue;
      const obs: Observation = {
        deviceId: before.id,
        control: r.result.control,
        result: r.result,
        collectedAt: r.collectedAt,
      };
      await observe(trx, m, obs);
    }
  });
}

async function observe(trx: Kysely<Database>, m: MessageContext, obs: Observation): Promise<void> {
  const prev = await getAlertState(trx, obs.deviceId, obs.control);
  const waived = (await activeWaiver(trx, obs.deviceId, obs.control, m.now)) !== undefined;
  const { next, decision } = step(prev, obs, m.settings, m.now, waived);
  await putAlertState(trx, next);
  if (!decision || !obs.result) return;
  const content =
    decision.type === "alert" ? controlAlert(m, obs.result) : resolvedNote(m, obs.control, obs.result.summary);
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

/** A device reporting after its silence alert gets a "reporting again" note. */
async function silenceEnded(trx: Kysely<Database>, m: MessageContext): Promise<void> {
  const state = await getAlertState(trx, m.device.id, "silence");
  if (state?.failing !== 1) return;
  await putAlertState(trx, emptyState(m.device.id, "silence", m.now));
  if (!state.alerted_at || !ruleOn(m.settings, "recovery")) return;
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
): Promise<void> {
  await guarded(ctx, trx, "chain", async () => {
    if (event.kind === "gap" && event.detail["explainedBySpoolDrop"] === true) return;
    const m = await messageContext(ctx, trx, device);
    if (!ruleOn(m.settings, "chain")) return;
    await enqueueAlert(trx, {
      key: `chain:${device.id}:${event.kind}:${event.seq}:${event.hash}`,
      councilId: device.council_id,
      deviceId: device.id,
      content: chainAlert(m, event.kind, event.detail),
      audience: ["it"],
      settings: m.settings,
      now: m.now,
    });
  });
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
  await guarded(ctx, trx, "re-enrolment", async () => {
    const m = await messageContext(ctx, trx, event.device);
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
