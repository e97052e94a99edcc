// The OpenAPI 3.1 document, generated from the routes' own zod schemas with zod v4's z.toJSONSchema (no copy to drift).
import { z } from "zod";
import type { ApiRoute } from "./route.js";
import { WebhookPayloadV1 } from "../alerts/webhook-schema.js";
import { ApiErrorBody } from "./schemas.js";

type Json = Record<string, unknown>;

/** z.toJSONSchema puts shared and recursive parts in $defs; an OpenAPI document keeps them in components.schemas. */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Json, prefix: string): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete out.$schema;
  const defs = (out.$defs ?? {}) as Record<string, Json>;
  delete out.$defs;
  const rename = (ref: string) => ref.replace(/^#\/\$defs\//, `#/components/schemas/${prefix}`);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const o: Json = {};
      for (const [k, x] of Object.entries(v)) o[k] = k === "$ref" && typeof x === "string" ? rename(x) : walk(x);
      return o;
    }
    return v;
  };
  for (const [name, def] of Object.entries(defs)) components[`${prefix}${name}`] = walk(def);
  return walk(out) as Json;
}

function parameters(route: ApiRoute, where: "path" | "query", components: Json): Json[] {
  const schema = where === "path" ? route.params : route.query;
  if (!schema) return [];
  const json = toSchema(schema as z.ZodType, "input", components, `${route.operationId}_${where}_`);
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const ERRORS: Record<string, string> = {
  "400": "The request is invalid (the message says where).",
  "401": "No token, or a token that is unknown, expired or revoked.",
  "403": "The token may not do this (a read-only token on a write).",
  "404": "No such thing, or it belongs to a council this token cannot see (the same answer).",
  "429": "Too many requests for this token: wait Retry-After seconds.",
};

export function openApiDocument(routes: readonly ApiRoute[], version: string): Json {
  const components: Json = { Error: toSchema(ApiErrorBody, "output", {}, "Error_") };
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const errors = Object.fromEntries(
      Object.entries(ERRORS)
        .filter(([code]) => (code === "403" ? r.write : code === "404" ? Boolean(r.params) : true))
        .map(([code, description]) => [
          code,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
    );
    const op: Json = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      security: [{ bearer: [] }],
      parameters: [...parameters(r, "path", components), ...parameters(r, "query", components)],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: toSchema(r.body as z.ZodType, "input", components, `${r.operationId}_body_`),
                },
              },
            },
          }
        : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: r.write ? "Done; the change is in the audit log." : "OK",
          content: {
            "application/json": {
              schema: toSchema(r.response as z.ZodType, "output", components, `${r.operationId}_`),
            },
          },
        },
        ...errors,
      },
      ...(r.write ? { "x-ward-write": true } : {}),
    };
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Ward collector API",
      version,
      description:
        "Read a council's compliance and act on it from scripts and ticketing bridges. Authenticate with an API token " +
        "(`Authorization: Bearer wat_…`) made by `ward-server api-token create` or on the dashboard's API tokens page. " +
        "A council token sees only its council (another council's ids answer 404, like ids that do not exist); a " +
        "read-only token gets 403 on writes. Lists are paged with an opaque cursor: pass `nextCursor` as `?cursor=`.",
    },
    servers: [{ url: "/" }],
    paths,
    // What Ward posts to a council's "json" webhooks (server/alerts/README.md): the same contract, from its zod schema.
    webhooks: {
      alert: {
        post: {
          operationId: "alertWebhook",
          summary:
            "An alert, a resolved note or the weekly digest, posted to each JSON webhook (header Idempotency-Key)",
          requestBody: {
            required: true,
            content: { "application/json": { schema: toSchema(WebhookPayloadV1, "output", components, "Webhook_") } },
          },
          responses: {
            "200": {
              description: "Any 2xx: delivered. 408, 429 and 5xx are retried for about 8 hours; other 4xx give up.",
            },
          },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token, wat_…" } },
    },
  };
}
