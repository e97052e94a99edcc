// The one error type of Ward: a user-facing message (what went wrong, what to do), a stable code, and a cause.

export type AppErrorCode =
  | "config_invalid"
  | "usage"
  | "schema_invalid"
  | "signature_invalid"
  | "canonical_invalid"
  | "not_found"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  | "too_large"
  | "unavailable"
  | "internal";

export interface AppErrorOptions {
  cause?: unknown;
  /** HTTP status when this error crosses the API boundary. */
  status?: number;
  /** Structured detail safe to show (never secrets). */
  details?: Record<string, unknown>;
}

const defaultStatus: Record<AppErrorCode, number> = {
  config_invalid: 500,
  usage: 400,
  schema_invalid: 400,
  signature_invalid: 401,
  canonical_invalid: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? defaultStatus[code];
    this.details = options.details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** A message safe to print for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
