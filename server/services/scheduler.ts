// Runs the daily jobs: every instance asks the database now and then, and whoever claims a due job runs it.
import { errorMessage } from "../../shared/errors.js";
import { DAY_MS } from "../clock.js";
import { claimJob, finishJob, releaseJob } from "../stores/job-store.js";
import type { ServiceContext } from "./context.js";
import { purgeExpired } from "./retention.js";

export interface Scheduler {
  /** Checks every job once now; resolves with the names of the jobs this instance ran. */
  tick(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

export function createScheduler(ctx: ServiceContext): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;

  const tick = async (): Promise<string[]> => {
    const now = ctx.clock.now();
    const ran: string[] = [];
    try {
      // Claimed in a short transaction, then purged chunk by chunk (each its own transaction): the ingest commits in
      // between. A failed purge gives the claim back (run again at the next check, from what it committed); a crash
      // leaves it to be claimed again after CLAIM_LEASE_MS.
      const db = ctx.db.kysely;
      const claim = await claimJob(db, ctx.db.dialect, "retention", now, new Date(now.getTime() - DAY_MS));
      if (claim) {
        try {
          const done = await purgeExpired(db, ctx.config, now, { dialect: ctx.db.dialect });
          await finishJob(db, claim, done);
          ran.push("retention");
          ctx.logger.info("retention purge done", { ...done });
        } catch (err) {
          await releaseJob(db, claim).catch(() => {});
          throw err;
        }
      }
    } catch (err) {
      ctx.logger.error("scheduled job failed; it runs again at the next check", {
        job: "retention",
        error: errorMessage(err),
      });
    }
    return ran;
  };

  const guarded = () => {
    if (running) return running;
    running = tick().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    tick: guarded,
    start() {
      if (timer) return;
      void guarded();
      timer = setInterval(() => void guarded(), ctx.config.jobCheckMinutes * 60_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
