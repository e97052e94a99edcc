// One mapping from errors to HTTP answers: AppError → its status, zod → 400 with the path, Fastify's own → 4xx.
import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import { AppError, isAppError } from "../../shared/errors.js";
import type { Logger } from "../../shared/logger.js";
import { formatIssuePath } from "../../shared/zod-error.js";

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function toErrorBody(err: AppError): ErrorBody {
  return {
    error: { code: err.code, message: err.message, ...(err.details ? { details: safeDetails(err.details) } : {}) },
  };
}

// Zod issues can echo hostile input at length; only the path and index go back to the client.
function safeDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [
    "index",
    "path",
    "keyId",
    "reason",
    "collectedAt",
    "collectorTime",
    "wrongClock",
    "problem",
    "reenrolment",
    "requestId",
    "deviceId",
  ]) {
    if (key in details) out[key] = details[key];
  }
  return out;
}

/** Turns anything thrown into an AppError; unknown errors become a 500 whose detail stays in the log. */
export function asAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first ? formatIssuePath(first.path) : "(root)";
    return new AppError("schema_invalid", `The request is invalid at ${where}: ${first?.message ?? "invalid"}.`, {
      details: { path: first?.path.map(String) ?? [] },
    });
  }
  const fe = err as Partial<FastifyError>;
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new AppError(
      "too_large",
      "The request body is larger than this collector accepts: send fewer envelopes per batch.",
    );
  }
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new AppError("usage", "Send the body as application/json.", { status: 415 });
  }
  if (fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return new AppError("schema_invalid", "The request body is empty: send a JSON object.");
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const what = fe.statusCode === 400 ? "The request body is not valid JSON" : (fe.message ?? "Bad request");
    return new AppError("usage", `${what}. Fix the request and send it again.`, { status: fe.statusCode });
  }
  if (isDiskFull(err)) {
    return new AppError(
      "unavailable",
      "The collector's disk is full: nothing from this request was stored; retry later.",
      {
        cause: err,
        details: { reason: "disk-full" },
      },
    );
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError(
      "unavailable",
      "The collector's database is unavailable: nothing from this request was lost; retry later.",
      {
        cause: err,
      },
    );
  }
  return new AppError("internal", "The collector failed to answer. It was logged; try again later.", { cause: err });
}

/** Seconds a client is asked to wait after a 503 (the agent honours Retry-After). */
export const RETRY_AFTER_SECONDS = 60;
const QUIET_MS = 60_000;

export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  // A full disk or a locked database refuses every request alike: one line a minute says so (with how many were
  // refused), not a stack trace per request.
  const quiet = new Map<string, { until: number; refused: number }>();
  app.setErrorHandler((err, request, reply) => {
    const appErr = asAppError(err);
    if (appErr.code === "unavailable" && appErr.status === 503) {
      const key = String((err as { code?: unknown }).code ?? appErr.message);
      const q = quiet.get(key);
      const now = Date.now();
      if (!q || now >= q.until) {
        logger.error("requests refused: the collector cannot store right now", {
          reason: err instanceof Error ? err.message : String(err),
          code: key,
          refusedSinceLastLine: q?.refused ?? 0,
        });
        quiet.set(key, { until: now + QUIET_MS, refused: 0 });
      } else q.refused++;
      void reply.status(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send(toErrorBody(appErr));
      return;
    }
    if (appErr.status >= 500) {
      logger.error("request failed", {
        route: request.routeOptions.url,
        error: err instanceof Error ? err.message : String(err),
        stack: err instanceof Error ? err.stack : undefined,
      });
    } else {
      logger.info("request refused", { route: request.routeOptions.url, code: appErr.code, status: appErr.status });
    }
    void reply.status(appErr.status).send(toErrorBody(appErr));
  });
  app.setNotFoundHandler((request, reply) => {
    const err = new AppError(
      "not_found",
      `No such endpoint: ${request.method} ${request.url.split("?")[0]}. The API is under /v1.`,
    );
    void reply.status(404).send(toErrorBody(err));
  });
}

// SQLite's "database or disk is full" and I/O errors (a full disk shows as either), the OS's ENOSPC, PostgreSQL 53100.
function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(SQLITE_FULL|SQLITE_IOERR.*|ENOSPC|53100)$/.test(code);
}

// Connection refused or reset, PostgreSQL connection/shutdown classes (08xxx, 57Pxx), SQLite busy or locked.
function isDatabaseUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|08...|57P0.|SQLITE_BUSY.*|SQLITE_LOCKED.*)$/.test(code);
}
