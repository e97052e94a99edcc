// The collector's alerting service: a loop that runs the time-based rules (as a shared job) and sends the outbox.
import { errorMessage } from "../../shared/errors.js";
import { newId } from "../ids.js";
import type { AlertsContext } from "./context.js";
import { runIfDue } from "../stores/job-store.js";
import { DEFAULT_SENDER, type SenderOptions, type SendTally, sendDue } from "./sender.js";
import { type SweepTally, sweep } from "./sweep.js";

export interface Alerts {
  /** Starts the sender and the time-based rules (silence, grace periods, weekly digest). */
  start(): void;
  /** Idempotent and bounded. */
  stop(): Promise<void>;
  /** One pass now: the time-based rules when their job is due, then every outbox row due. For tests and the CLI. */
  tick(): Promise<{ swept: SweepTally | null; sent: SendTally }>;
}

export interface AlertsOptions extends Partial<Omit<SenderOptions, "owner">> {
  /** How often the loop wakes (ms). */
  pollMs?: number;
  /** How often the time-based rules run across all instances (ms). */
  sweepMs?: number;
}

const STOP_TIMEOUT_MS = 5_000;

export function createAlerts(ctx: AlertsContext, options: AlertsOptions = {}): Alerts {
  const { pollMs = 15_000, sweepMs = 5 * 60_000, ...sender } = options;
  const senderOptions: SenderOptions = { ...DEFAULT_SENDER, ...sender, owner: newId("snd", 9) };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ swept: SweepTally | null; sent: SendTally }> | undefined;
  let stopped = false;

  const once = async () => {
    let swept: SweepTally | null = null;
    const now = ctx.clock.now();
    try {
      const done = await runIfDue(
        ctx.db.kysely,
        ctx.db.dialect,
        "alerts-sweep",
        now,
        new Date(now.getTime() - sweepMs),
        (trx) => sweep(trx, now, ctx.config.publicUrl),
      );
      swept = done?.result ?? null;
    } catch (err) {
      ctx.logger.error("alert rules (time-based) failed; they run again at the next pass", {
        error: errorMessage(err),
      });
    }
    let sent: SendTally = { sent: 0, retrying: 0, failed: 0 };
    try {
      sent = await sendDue(ctx, senderOptions);
    } catch (err) {
      ctx.logger.error("alert sender failed; it runs again at the next pass", { error: errorMessage(err) });
    }
    return { swept, sent };
  };

  const tick = () => {
    running ??= once().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    tick,
    start() {
      if (timer || stopped) return;
      void tick();
      timer = setInterval(() => void tick(), pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      if (!running) return;
      let t: NodeJS.Timeout | undefined;
      await Promise.race([running.catch(() => {}), new Promise<void>((r) => (t = setTimeout(r, STOP_TIMEOUT_MS)))]);
      clearTimeout(t);
    },
  };
}
