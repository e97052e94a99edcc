// Records every route the app registers (method and URL), so a test can check the OpenAPI document covers them all.
import type { FastifyInstance } from "fastify";

const lists = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Call before any route is registered. */
export function trackRoutes(app: FastifyInstance): void {
  const list: { method: string; url: string }[] = [];
  lists.set(app, list);
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) list.push({ method: String(method), url: r.url });
  });
}

export function registeredRoutes(app: FastifyInstance): readonly { method: string; url: string }[] {
  return lists.get(app) ?? [];
}
