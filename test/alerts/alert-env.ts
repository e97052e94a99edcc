// Test set-up for alerts: a collector on a dialect with a manual clock, a council with alert settings, an enrolled device.
import { afterEach } from "vitest";
import { type Clock, manualClock } from "../../server/clock.js";
import type { DialectName } from "../../server/db/connect.js";
import { type AlertsOptions, createAlerts } from "../../server/alerts/index.js";
import { listAlerts } from "../../server/alerts/outbox-store.js";
import type { AlertSettingsInput } from "../../server/alerts/settings.js";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { EnrollResponse, ReportsResponse } from "../../shared/schemas/api.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import type { CheckStatus, ControlId } from "../../shared/schemas/control.js";
import type { Envelope } from "../../shared/schemas/envelope.js";
import { FakeDevice } from "../collector/device.js";
import { bodyOf, councilWithToken, type EnvOptions, newEnv, post, type TestEnv } from "../collector/harness.js";
import { startWebhookSink } from "./webhook-sink.js";

/** A Wednesday: far from the default digest slot (Monday 08:00 UTC), so tests see only what they cause. */
export const T0 = "2026-11-25T09:00:00.000Z";

/** Fast retries for tests: 1 minute, doubling; the manual clock moves them along. */
export const TEST_SENDER: AlertsOptions = {
  pollMs: 3_600_000,
  backoffBaseMs: 60_000,
  backoffMaxMs: 3_600_000,
  timeoutMs: 5_000,
};

export function result(control: ControlId, status: CheckStatus, over: Partial<CheckResult> = {}): CheckResult {
  return {
    control,
    status,
    summary: status === "fail" ? `The ${control} check failed.` : `The ${control} check passed.`,
    facts: {},
    remediation: status === "fail" ? [`Fix ${control}.`] : [],
    clause: null,
    probeErrors: [],
    ...over,
  };
}

export interface AlertTest {
  env: TestEnv;
  clock: ReturnType<typeof manualClock>;
  councilId: string;
  councilName: string;
  device: FakeDevice;
  alerts: ReturnType<typeof createAlerts>;
  /** Sends envelopes as the device; returns the outcomes. */
  send(...envelopes: Envelope[]): Promise<string[]>;
  full(...results: CheckResult[]): Promise<string[]>;
  heartbeat(): Promise<string[]>;
  outbox(): ReturnType<typeof listAlerts>;
  settings(s: AlertSettingsInput): Promise<void>;
  close(): Promise<void>;
}

export async function alertTest(
  dialect: DialectName,
  settings: AlertSettingsInput,
  options: { env?: EnvOptions; clock?: ReturnType<typeof manualClock>; hostname?: string } = {},
): Promise<AlertTest> {
  const clock = options.clock ?? manualClock(T0);
  const env = await newEnv(dialect, { ...options.env, clock: clock as Clock });
  const { council, token } = await councilWithToken(env);
  const device = new FakeDevice();
  if (options.hostname !== undefined) device.inventory.hostname = options.hostname;
  device.deviceId = bodyOf(await post(env, "/v1/enroll", device.enrollBody(token.token)), EnrollResponse).deviceId;
  const q = env.server.ctx.db.kysely;
  await setAlertSettings(q, council.id, settings);
  const t: AlertTest = {
    env,
    clock,
    councilId: council.id,
    councilName: council.name,
    device,
    alerts: createAlerts(env.server.ctx, TEST_SENDER),
    async send(...envelopes) {
      const res = bodyOf(await post(env, "/v1/reports", { deviceId: device.deviceId, envelopes }), ReportsResponse);
      return res.results.map((r) => r.outcome);
    },
    full: (...results) => t.send(device.full(results, clock.now())),
    heartbeat: () => t.send(device.heartbeat(undefined, clock.now())),
    outbox: () => listAlerts(q, { councilId: council.id, limit: 100 }),
    settings: async (s) => {
      await setAlertSettings(q, council.id, s);
    },
    async close() {
      await t.alerts.stop();
      await env.close();
    },
  };
  return t;
}

type WebhookSink = Awaited<ReturnType<typeof startWebhookSink>>;
type Webhooks = NonNullable<AlertSettingsInput["webhooks"]>;

/**
 * For chat-alert tests in one describe block: `start` opens a webhook sink and an alert test whose links use
 * https://ward.council.example and whose webhooks (`hooks`) post to the sink; both are closed after each test.
 */
export function webhookAlertTests(dialect: DialectName) {
  let t: AlertTest | undefined;
  let sink: WebhookSink | undefined;
  afterEach(async () => {
    await t?.close();
    await sink?.close();
  });
  return async (hooks: (sink: WebhookSink) => Webhooks, options?: Parameters<typeof alertTest>[2]) => {
    t = undefined;
    sink = await startWebhookSink();
    t = await alertTest(dialect, { publicUrl: "https://ward.council.example", webhooks: hooks(sink) }, options);
    return { t, sink };
  };
}
