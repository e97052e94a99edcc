// The request metrics hooks: counted by route pattern and status, timed, in-flight back to zero, unmatched labelled so.
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { installMetricsHooks } from "./hooks.js";
import { createMetrics } from "./metrics.js";

describe("installMetricsHooks", () => {
  it("counts and times each request under its route pattern, never the raw URL", async () => {
    const metrics = createMetrics(async () => 0);
    const app = Fastify({ logger: false });
    installMetricsHooks(app, metrics);
    app.get("/v1/things/:id", async () => ({ ok: true }));
    app.post("/v1/refuse", async (_request, reply) => reply.status(400).send({ error: "no" }));
    try {
      for (const id of ["a", "b", "c"]) expect((await app.inject({ url: `/v1/things/${id}` })).statusCode).toBe(200);
      expect((await app.inject({ method: "POST", url: "/v1/refuse" })).statusCode).toBe(400);
      expect((await app.inject({ url: "/nowhere" })).statusCode).toBe(404);
      const text = await metrics.registry.metrics();
      expect(text).toContain('ward_http_requests_total{method="GET",route="/v1/things/:id",status="200"} 3');
      expect(text).toContain('ward_http_requests_total{method="POST",route="/v1/refuse",status="400"} 1');
      expect(text).toContain('ward_http_requests_total{method="GET",route="unmatched",status="404"} 1');
      expect(text).not.toMatch(/things\/a/);
      expect(text).toContain('ward_http_request_duration_seconds_count{method="GET",route="/v1/things/:id"} 3');
      const sum = /ward_http_request_duration_seconds_sum\{method="GET",route="\/v1\/things\/:id"\} (\S+)/.exec(text);
      // Three in-process requests: some time, well under the 5 s top bucket.
      expect(Number(sum?.[1])).toBeGreaterThan(0);
      expect(Number(sum?.[1])).toBeLessThan(5);
      expect(text).toMatch(/ward_http_inflight_requests 0\n/);
    } finally {
      metrics.stop();
      await app.close();
    }
  });
});
