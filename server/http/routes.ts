// The /v1 API, /healthz and /metrics: thin handlers over the services.
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { isAppError } from "../../shared/errors.js";
import type { ServiceContext } from "../services/context.js";
import { enroll } from "../services/enroll.js";
import { ingestBatch } from "../services/ingest.js";
import { policyForDevice } from "../services/policy.js";

export function registerRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.post("/v1/enroll", async (request) => enroll(ctx, request.body));

  app.post("/v1/reports", async (request) => {
    try {
      return await ingestBatch(ctx, request.body);
    } catch (err) {
      if (isAppError(err) && err.status < 500) ctx.metrics.ingestRefused.inc({ code: err.code });
      throw err;
    }
  });

  app.get("/v1/policy", async (request) =>
    policyForDevice(ctx, { method: request.method, url: request.url, headers: request.headers }),
  );

  app.get("/healthz", async (_request, reply) => {
    if (!ctx.db.health.ok) {
      return reply.status(503).send({ status: "damaged", database: ctx.db.dialect, problem: ctx.db.health.problem });
    }
    try {
      await sql`select 1`.execute(ctx.db.kysely);
      return { status: "ok", database: ctx.db.dialect, keyId: ctx.key.keyId };
    } catch {
      return reply.status(503).send({ status: "unavailable", database: ctx.db.dialect });
    }
  });

  app.get("/metrics", async (_request, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).send(text);
  });
}
