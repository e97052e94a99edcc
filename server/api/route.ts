// One API route = one declaration: method, path, zod schemas (params, query, body, response), write or read, handler.
// The same declarations register the Fastify routes and generate the OpenAPI document: no hand-written copy.
import type { z } from "zod";
import type { ServiceContext } from "../services/context.js";
import type { ApiPrincipal } from "./principal.js";

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: ApiPrincipal;
  ip: string;
  ctx: ServiceContext;
}

export interface ApiRoute<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: "GET" | "POST";
  /** Fastify-style path under /api/v1, e.g. /api/v1/devices/:deviceId. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Writes need a token that is not read-only (403 otherwise). */
  write: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType<R>;
  /** The success status (200 unless it creates something: 201). */
  status?: 200 | 201;
  handler(input: HandlerInput<P, Q, B>): Promise<z.input<z.ZodType<R>>>;
}

/** Keeps each route's types tied together (params → handler input, handler output → response schema). */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(
  r: ApiRoute<P, Q, B, R>,
): ApiRoute {
  return r as unknown as ApiRoute;
}
