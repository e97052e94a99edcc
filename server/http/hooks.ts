// Request metrics: count, duration and in-flight requests, labelled by route pattern (never the raw URL).
import type { FastifyInstance } from "fastify";
import type { Metrics } from "./metrics.js";

export function installMetricsHooks(app: FastifyInstance, metrics: Metrics): void {
  const started = new WeakMap<object, bigint>();
  app.addHook("onRequest", async (request) => {
    started.set(request, process.hrtime.bigint());
    metrics.httpInflight.inc();
  });
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpInflight.dec();
    const route = request.routeOptions.url ?? "unmatched";
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    const t0 = started.get(request);
    if (t0 !== undefined) {
      metrics.httpDuration.observe({ method: request.method, route }, Number(process.hrtime.bigint() - t0) / 1e9);
    }
  });
}
