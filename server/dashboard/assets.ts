// The dashboard's static stylesheet and script, read once and served from the collector itself (no CDN; works offline).
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { BASE } from "./layout.js";

const FILES: Record<string, string> = {
  "ward.css": "text/css; charset=utf-8",
  "dsfm.css": "text/css; charset=utf-8",
  "phone.css": "text/css; charset=utf-8",
  "ward.js": "text/javascript; charset=utf-8",
};

export function registerAssets(app: FastifyInstance): void {
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    app.get(`${BASE}/assets/${name}`, async (_request, reply) =>
      reply.type(type).header("cache-control", "public, max-age=3600").send(body),
    );
  }
}
