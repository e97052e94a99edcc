// Runs the daily jobs: every instance asks the database now and then, and whoever claims a due job runs it.
import { errorMessage } from "../../shared/errors.js";
import { DAY_MS } from "../clock.js";
import { CLAIM_LEASE_MS, claimJob, finishJob, releaseJob, renewJob } from "../stores/job-store.js";
import type { ServiceContext } from "./context.js";
import { purgeExpired } from "./retention.js";

export interface Scheduler {
  /** Checks every job once now; resolves with the names of the jobs this instance ran. */
  tick(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

/** Thrown between two chunks of the purge once stop() was called: what is committed stays, the rest waits. */
class Stopping extends Error {}
/** Thrown between two chunks when another instance took the claim over (this one was thought gone): it goes on. */
class ClaimLost extends Error {}

/** How often a running purge renews its claim: well inside the lease, so a long purge is never taken for a crash. */
const RENEW_MS = CLAIM_LEASE_MS / 4;

export function createScheduler(ctx: ServiceContext): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string[]> | undefined;
  let stopping = false;

  const tick = async (): Promise<string[]> => {
    const now = ctx.clock.now();
    const ran: string[] = [];
    try {
      // Claimed in a short transaction, then purged chunk by chunk (each its own transaction): the ingest commits in
      // between. A failed purge gives the claim back (run again at the next check, from what it committed); a crash
      // leaves it to be claimed again after CLAIM_LEASE_MS. stop() ends it after the chunk in hand, so a shutdown waits
      // for one short transaction, not the whole purge.
      const db = ctx.db.kysely;
      const claim = await claimJob(db, ctx.db.dialect, "retention", now, new Date(now.getTime() - DAY_MS));
      if (claim) {
        try {
          // Timed by the monotonic clock: a wall clock stepped back must not put the renewal off.
          let renewed = performance.now();
          const done = await purgeExpired(db, ctx.config, now, {
            dialect: ctx.db.dialect,
            afterChunk: async () => {
              if (stopping) throw new Stopping("the collector is stopping");
              if (performance.now() - renewed < RENEW_MS) return;
              if (!(await renewJob(db, claim, ctx.clock.now()))) {
                throw new ClaimLost("another collector took the purge over");
              }
              renewed = performance.now();
            },
          });
          if (!(await finishJob(db, claim, done))) throw new ClaimLost("another collector took the purge over");
          ran.push("retention");
          ctx.logger.info("retention purge done", { ...done });
        } catch (err) {
          await releaseJob(db, claim).catch(() => {});
          throw err;
        }
      }
    } catch (err) {
      if (err instanceof Stopping) {
        ctx.logger.info("retention purge paused: the collector is stopping; it goes on from here at the next check");
        return ran;
      }
      if (err instanceof ClaimLost) {
        ctx.logger.warn(
          "retention purge handed over: another collector took it over (this one went more than an hour without renewing its claim; are the collectors' clocks right?); that one goes on from here",
        );
        return ran;
      }
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
      stopping = false;
      void guarded();
      timer = setInterval(() => void guarded(), ctx.config.jobCheckMinutes * 60_000);
      timer.unref();
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
