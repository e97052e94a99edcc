// Request metrics: count, duration and in-flight requests, labelled by route pattern (never the raw URL).
import type { FastifyInstance } from "fastify";
import type { Metrics } from "./metrics.js";

declare module "fastify" {
  interface FastifyRequest {
    /** performance.now() when the request arrived; 0 until the metrics hook has seen it. */
    metricsStartedAt: number;
  }
}

/**
 * Every request passes here, so both hooks are callback hooks (no promise and no extra microtask each), and the start
 * time is a field decorated on the request, not a WeakMap entry (a WeakMap set per request showed in the steady
 * profile: the ephemeron table's growth, rehash and write barrier).
 */
export function installMetricsHooks(app: FastifyInstance, metrics: Metrics): void {
  app.decorateRequest("metricsStartedAt", 0);
  app.addHook("onRequest", (request, _reply, done) => {
    request.metricsStartedAt = performance.now();
    metrics.httpInflight.inc();
    done();
  });
  app.addHook("onResponse", (request, reply, done) => {
    metrics.httpInflight.dec();
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    const t0 = request.metricsStartedAt;
    if (t0 > 0) metrics.httpDuration.observe({ method: request.method, route }, (performance.now() - t0) / 1000);
    done();
  });
}
