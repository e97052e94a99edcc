// Builds the collector (database, key, services, Fastify) without listening, and starts it listening.
import { readFileSync } from "node:fs";
import Fastify, { type FastifyInstance } from "fastify";
import { AppError } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { type Clock, systemClock } from "./clock.js";
import { type ServerConfig, sqlitePath } from "./config/config.js";
import { connect, type Db } from "./db/connect.js";
import { migrateToLatest } from "./db/migrate.js";
import { installErrorHandler, toErrorBody } from "./http/error-handler.js";
import { installMetricsHooks } from "./http/hooks.js";
import { installStrictJsonParser } from "./http/json-parser.js";
import { createMetrics } from "./http/metrics.js";
import { registerRoutes } from "./http/routes.js";
import { createLogger } from "./logging.js";
import { alertHooks } from "./alerts/hook.js";
import { type Alerts, createAlerts } from "./alerts/index.js";
import { registerApi } from "./api/index.js";
import { trackRoutes } from "./api/route-list.js";
import { registerDashboard } from "./dashboard/index.js";
import { registerDownloads } from "./packages/routes.js";
import { loadCollectorKey } from "./services/collector-key.js";
import type { ServiceContext } from "./services/context.js";
import { createVerifyPool } from "./services/verify-pool.js";
import { createScheduler, type Scheduler } from "./services/scheduler.js";
import { countOpenIntegrityEvents } from "./stores/event-store.js";

export interface ServerDeps {
  logger?: Logger;
  clock?: Clock;
  /** An open database to use instead of connecting from the config (tests). */
  db?: Db;
  /** Node process metrics on /metrics (off in tests that build several servers). */
  processMetrics?: boolean;
}

export interface WardServer {
  app: FastifyInstance;
  ctx: ServiceContext;
  scheduler: Scheduler;
  alerts: Alerts;
  /** Idempotent and bounded: scheduler, then HTTP, then database. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 10_000;

export async function createServer(config: Readonly<ServerConfig>, deps: ServerDeps = {}): Promise<WardServer> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const clock = deps.clock ?? systemClock;
  // A short busy wait: better-sqlite3 waits synchronously, so another process's write lock must not stall every
  // request for seconds; a locked database answers 503 "retry later" instead.
  const db =
    deps.db ?? connect({ url: config.db, sqliteFile: sqlitePath(config), busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  let integrityTimer: NodeJS.Timeout | undefined;
  try {
    await migrateToLatest(db).catch((err: unknown) => {
      throw explainStartFailure(err, db.describe);
    });
    // At start and daily: a damaged database is reported on /healthz and /metrics, and nothing more is written to it.
    const checkIntegrity = () => {
      const health = db.checkIntegrity();
      if (!health.ok)
        logger.error("database damaged: writes refused until it is restored", { problem: health.problem });
    };
    checkIntegrity();
    integrityTimer = setInterval(checkIntegrity, INTEGRITY_CHECK_MS);
    integrityTimer.unref();
    const key = await loadCollectorKey(db, config.dataDir, clock.now(), logger);
    let listenPort: number | null = null;
    const metrics = createMetrics(() => countOpenIntegrityEvents(db.kysely), deps.processMetrics ?? false, {
      databaseOk: () => db.health.ok,
      listenPort: () => {
        const address = app.server.address();
        listenPort ??= address && typeof address === "object" ? address.port : null;
        return listenPort;
      },
    });
    const verifyPool = createVerifyPool();
    const ctx: ServiceContext = {
      ...{ db, clock, logger, key, config, metrics, verifyPool },
      hooks: alertHooks({ db, clock, logger, config }),
    };
    const app = buildApp(config);
    refuseWritesWhenDamaged(app, db);
    trackRoutes(app);
    installStrictJsonParser(app);
    installMetricsHooks(app, metrics);
    installErrorHandler(app, logger);
    registerRoutes(app, ctx);
    registerDownloads(app, ctx);
    registerApi(app, ctx);
    await registerDashboard(app, ctx);
    const scheduler = createScheduler(ctx);
    const alerts = createAlerts(ctx);
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= bounded(
        (async () => {
          clearInterval(integrityTimer);
          metrics.stop();
          await alerts.stop();
          await scheduler.stop();
          await app.close();
          await verifyPool.close();
          await db.close();
        })(),
        logger,
      );
      return closing;
    };
    logger.info("collector ready", { database: db.describe, keyId: key.keyId });
    return { app, ctx, scheduler, alerts, close };
  } catch (err) {
    clearInterval(integrityTimer);
    await db.close().catch(() => {});
    throw err;
  }
}

const SERVER_BUSY_TIMEOUT_MS = 250;
const INTEGRITY_CHECK_MS = 24 * 3600_000;

/** A damaged database is read (dashboard, /healthz) but never written: every write answers 503 with the advice. */
function refuseWritesWhenDamaged(app: FastifyInstance, db: Db): void {
  // A callback hook (no promise per request): every request passes here. Answering without done() ends the request.
  app.addHook("onRequest", (request, reply, done) => {
    if (db.health.ok || request.method === "GET" || request.method === "HEAD") return done();
    const err = new AppError("unavailable", db.health.problem ?? "The collector's database is damaged.", {
      details: { reason: "database-damaged" },
    });
    void reply.status(503).header("retry-after", "3600").send(toErrorBody(err));
  });
}

/** Start-up on a full or failing disk said only "disk I/O error": name the database and the disk, and what to do. */
function explainStartFailure(err: unknown, where: string): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && /^(SQLITE_FULL|SQLITE_IOERR.*|ENOSPC)$/.test(code)) {
    return new AppError(
      "unavailable",
      `Cannot write the collector's database (${where}): ${(err as Error).message}. The disk holding it is full or failing: free space there (df -h), then start the collector again.`,
      { cause: err },
    );
  }
  return err;
}

function buildApp(config: Readonly<ServerConfig>): FastifyInstance {
  const common = { logger: false, bodyLimit: config.bodyLimitBytes, trustProxy: config.trustProxy } as const;
  if (!config.tls) return Fastify(common);
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(config.tls.certFile);
    key = readFileSync(config.tls.keyFile);
  } catch (cause) {
    throw new AppError("config_invalid", `Cannot read the TLS certificate or key: ${(cause as Error).message}`, {
      cause,
    });
  }
  // Fastify types an HTTPS server separately; routes and hooks are the same, so it is used as the plain type.
  return Fastify({ ...common, https: { cert, key } }) as unknown as FastifyInstance;
}

async function bounded(work: Promise<void>, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.warn("shutdown took too long; giving up waiting", { ms: CLOSE_TIMEOUT_MS });
      resolve();
    }, CLOSE_TIMEOUT_MS);
    timer.unref();
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RunningServer extends WardServer {
  url: string;
  port: number;
}

/** What went wrong when listening, and what to do: the two common cases named, others with the system's words. */
function listenFailure(config: Readonly<ServerConfig>, cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  const where = `port ${config.port} on ${config.host}`;
  if (code === "EADDRINUSE")
    return `${where} is already in use (another Ward collector or program is listening there): stop it, or choose another port with --port`;
  if (code === "EACCES")
    return `${where} needs administrator rights (ports below 1024): choose a port of 1024 or above with --port`;
  if (code === "EADDRNOTAVAIL") return `${config.host} is not an address of this machine: choose one with --host`;
  return `Cannot listen on ${config.host}:${config.port}: ${(cause as Error).message}`;
}

export async function startServer(config: Readonly<ServerConfig>, deps: ServerDeps = {}): Promise<RunningServer> {
  const server = await createServer(config, { processMetrics: true, ...deps });
  try {
    await server.app.listen({ host: config.host, port: config.port });
  } catch (cause) {
    await server.close();
    throw new AppError("unavailable", listenFailure(config, cause), { cause });
  }
  const address = server.app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const scheme = config.tls ? "https" : "http";
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  server.scheduler.start();
  server.alerts.start();
  return { ...server, url: `${scheme}://${host}:${port}`, port };
}
