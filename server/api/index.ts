// Registers the versioned API (/api/v1, bearer tokens, per-token rate limit) and its OpenAPI document (/api/openapi.json).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../shared/errors.js";
import type { ServiceContext } from "../services/context.js";
import { openApiDocument } from "./openapi.js";
import { type ApiPrincipal, principalOf } from "./principal.js";
import { RateLimiter } from "./rate-limit.js";
import type { ApiRoute } from "./route.js";
import { councilRoutes } from "./routes/councils.js";
import { recordRoutes } from "./routes/records.js";
import { writeRoutes } from "./routes/writes.js";
import { findLiveApiToken, touchApiToken } from "./token-store.js";

export const API_ROUTES: readonly ApiRoute[] = [...councilRoutes, ...recordRoutes, ...writeRoutes];
export const API_VERSION = "1.0.0";
/** Requests per token per minute, on each collector instance. */
export const DEFAULT_RATE_LIMIT = 300;

export interface ApiOptions {
  rateLimitPerMinute?: number;
}

async function authenticate(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply): Promise<ApiPrincipal> {
  const header = request.headers.authorization ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const row = m?.[1] ? await findLiveApiToken(ctx.db.kysely, m[1], ctx.clock.now()) : undefined;
  if (!row) {
    reply.header("www-authenticate", 'Bearer realm="ward"');
    throw new AppError(
      "unauthorized",
      m
        ? "This API token is unknown, expired or revoked: ask the IT provider for a new one."
        : "Send an API token: Authorization: Bearer wat_…",
    );
  }
  await touchApiToken(ctx.db.kysely, row, ctx.clock.now(), request.ip);
  return principalOf(row);
}

export function registerApi(app: FastifyInstance, ctx: ServiceContext, options: ApiOptions = {}): void {
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT);
  const document = openApiDocument(API_ROUTES, API_VERSION);

  app.get("/api/openapi.json", async (_request, reply) => reply.header("cache-control", "no-cache").send(document));

  for (const route of API_ROUTES) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const principal = await authenticate(ctx, request, reply);
        const rate = limiter.take(principal.token.id, Date.now());
        reply
          .header("ratelimit-limit", rate.limit)
          .header("ratelimit-remaining", rate.remaining)
          .header("ratelimit-reset", rate.resetSeconds);
        if (!rate.allowed) {
          reply.header("retry-after", rate.resetSeconds);
          throw new AppError(
            "unavailable",
            `This token made more than ${rate.limit} requests in a minute: wait ${rate.resetSeconds} s.`,
            { status: 429 },
          );
        }
        if (route.write && principal.token.read_only) {
          throw new AppError(
            "forbidden",
            "This API token is read-only: ask the IT provider for a write token to change anything.",
          );
        }
        const input = {
          params: route.params ? route.params.parse(request.params) : undefined,
          query: route.query ? route.query.parse(request.query ?? {}) : undefined,
          body: route.body ? route.body.parse(request.body ?? {}) : undefined,
          principal,
          ip: request.ip,
          ctx,
        };
        const out = route.response.parse(await route.handler(input));
        return reply
          .status(route.status ?? 200)
          .header("cache-control", "no-store")
          .send(out);
      },
    });
  }
}
