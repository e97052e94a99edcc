// Talks to the collector over HTTPS with got: timeouts, retries with backoff, HTTPS_PROXY/NO_PROXY and a custom CA.
import { readFileSync } from "node:fs";
import type { ExtendOptions, Got } from "got";
import { HttpProxyAgent, HttpsProxyAgent } from "hpagent";
import { getProxyForUrl } from "proxy-from-env";
import type { z } from "zod";
import { signRequest } from "../../shared/crypto/request-signature.js";
import { AppError } from "../../shared/errors.js";
import {
  EnrollResponse,
  type EnrollRequest,
  ErrorResponse,
  PolicyResponse,
  type ReportsRequest,
  ReportsResponse,
} from "../../shared/schemas/api.js";
import { formatZodError } from "../../shared/zod-error.js";

export interface CollectorClientOptions {
  serverUrl: string;
  /** PEM file of extra CAs (a council's own or the IT provider's). */
  caFile?: string;
  timeoutMs?: number;
  /** Retries for idempotent calls (reports, policy); enrolment is never retried automatically. */
  retries?: number;
  /**
   * An overall deadline for every call of this client (e.g. `ward run --once`): a collector that accepts the
   * connection and never answers cannot hold the agent longer than this, retries included.
   */
  signal?: AbortSignal;
}

export interface CollectorClient {
  enroll(body: EnrollRequest): Promise<EnrollResponse>;
  sendReports(body: ReportsRequest): Promise<ReportsResponse>;
  fetchPolicy(deviceId: string, privateKey: string): Promise<PolicyResponse>;
}

export function createCollectorClient(o: CollectorClientOptions): CollectorClient {
  const base = o.serverUrl.replace(/\/+$/, "");
  const proxy = getProxyForUrl(base);
  const agent = proxy
    ? { http: new HttpProxyAgent({ proxy, keepAlive: true }), https: new HttpsProxyAgent({ proxy, keepAlive: true }) }
    : undefined;
  // got (with http2-wrapper, cacheable-request…) is loaded on the first request: about 20 MB the idle agent is spared.
  let gotModule: Promise<{ http: Got; mod: typeof import("got") }> | null = null;
  const load = () => (gotModule ??= import("got").then((mod) => ({ mod, http: mod.default.extend(gotOptions) })));
  const gotOptions: ExtendOptions = {
    prefixUrl: base,
    timeout: { lookup: 10_000, connect: 10_000, secureConnect: 10_000, response: o.timeoutMs ?? 30_000 },
    retry: {
      limit: o.retries ?? 2,
      methods: ["GET", "POST"],
      statusCodes: [408, 429, 500, 502, 503, 504],
      backoffLimit: 30_000,
    },
    headers: { "user-agent": "ward-agent" },
    throwHttpErrors: true,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(agent ? { agent } : {}),
    ...(o.caFile ? { https: { certificateAuthority: readFileSync(o.caFile) } } : {}),
  };

  async function call<S extends z.ZodType>(
    schema: S,
    run: (http: Got) => Promise<unknown>,
    what: string,
  ): Promise<z.infer<S>> {
    const { http, mod } = await load();
    let body: unknown;
    try {
      body = await run(http);
    } catch (err) {
      throw toAppError(err, base, what, mod, o.signal);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new AppError(
        "unavailable",
        `The collector at ${base} answered ${what} with something Ward does not understand (${formatZodError(parsed.error)}). Check the server address.`,
      );
    }
    return parsed.data;
  }

  return {
    enroll: (body) =>
      call(
        EnrollResponse,
        (http) => http.post("v1/enroll", { json: body, retry: { limit: 0 } }).json(),
        "the enrolment",
      ),
    sendReports: (body) =>
      call(ReportsResponse, (http) => http.post("v1/reports", { json: body }).json(), "the reports"),
    fetchPolicy: (deviceId, privateKey) =>
      call(
        PolicyResponse,
        (http) =>
          http
            .get("v1/policy", {
              hooks: {
                beforeRequest: [
                  // Signed per attempt, so a retry carries a fresh timestamp and nonce.
                  (options) => {
                    const url = new URL(String(options.url));
                    Object.assign(
                      options.headers,
                      signRequest({ deviceId, method: "GET", path: url.pathname + url.search, privateKey }),
                    );
                  },
                ],
              },
            })
            .json(),
        "the policy request",
      ),
  };
}

function toAppError(
  err: unknown,
  base: string,
  what: string,
  { HTTPError, RequestError }: typeof import("got"),
  deadline?: AbortSignal,
): AppError {
  if (err instanceof HTTPError) {
    const parsed = ErrorResponse.safeParse(safeJson(String(err.response.body)));
    const message = parsed.success ? parsed.data.error.message : `HTTP ${err.response.statusCode}`;
    if (err.response.statusCode === 404 && what !== "the enrolment") {
      return new AppError(
        "unauthorized",
        `The collector at ${base} does not know this device (${message}). It may have been removed: ask your IT provider for a new token and run "ward enroll" again. Reports are kept meanwhile.`,
        { cause: err, status: 404 },
      );
    }
    // The collector's own clock (HTTP Date): lets the agent tell whose clock is wrong when a date is refused.
    const collectorDate = Date.parse(String(err.response.headers.date ?? ""));
    if (err.response.statusCode === 409 && parsed.success && parsed.data.error.details?.["reenrolment"] === "pending") {
      // Known hardware with a new key waits for the IT provider's approval: the service keeps asking (as when the
      // collector is unreachable) and starts reporting once it is approved.
      return new AppError(
        "unavailable",
        `The collector at ${base} is waiting for your IT provider to approve this computer's new key: ${message}`,
        { cause: err, status: 409 },
      );
    }
    const code =
      err.response.statusCode === 401
        ? "unauthorized"
        : err.response.statusCode === 403
          ? "forbidden"
          : err.response.statusCode >= 500
            ? "unavailable"
            : "usage";
    return new AppError(code, `The collector refused ${what}: ${message}`, {
      cause: err,
      status: err.response.statusCode,
      details: {
        ...(parsed.success && parsed.data.error.details ? parsed.data.error.details : {}),
        ...(Number.isFinite(collectorDate) ? { collectorDate: new Date(collectorDate).toISOString() } : {}),
      },
    });
  }
  if (deadline?.aborted) {
    return new AppError(
      "unavailable",
      `The collector at ${base} did not answer ${what} in time; Ward keeps reports and retries later.`,
      { cause: err },
    );
  }
  if (err instanceof RequestError) {
    return new AppError(
      "unavailable",
      `Cannot reach the collector at ${base} (${err.code ?? err.message}). Check the address, the network or the proxy settings; Ward keeps reports and retries.`,
      { cause: err },
    );
  }
  return new AppError("internal", `Unexpected error during ${what}: ${(err as Error).message}`, { cause: err });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
