// Per-request plumbing for the dashboard: security headers, the session cookie, CSRF on every POST, HTML error pages.
import { timingSafeEqual } from "node:crypto";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../shared/errors.js";
import { asAppError } from "../http/error-handler.js";
import type { ServiceContext } from "../services/context.js";
import type { DashUser } from "./access.js";
import { rememberReturn } from "./auth/return-to.js";
import { findSession, hashSessionId, type SessionRow } from "./auth/session-store.js";
import { findUserById } from "./auth/user-store.js";
import { html } from "./html.js";
import { BASE, page } from "./layout.js";

export const SESSION_COOKIE = "ward_session";
export const LOGIN_CSRF_COOKIE = "ward_login_csrf";

export interface DashState {
  session: SessionRow;
  user: DashUser;
}

declare module "fastify" {
  interface FastifyRequest {
    dash: DashState | null;
  }
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export async function installRequestContext(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  app.decorateRequest("dash", null);

  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("content-security-policy", CSP);
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cross-origin-opener-policy", "same-origin");
    if (!reply.getHeader("cache-control")) reply.header("cache-control", "no-store");
    return payload;
  });

  app.addHook("preHandler", async (request) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) {
      const session = await findSession(ctx.db.kysely, id, ctx.clock.now());
      const row = session ? await findUserById(ctx.db.kysely, session.user_id) : undefined;
      if (session && row && !row.disabled_at) {
        request.dash = { session, user: { id: row.id, email: row.email, role: row.role, councilId: row.council_id } };
      }
    }
    if (request.method === "POST") checkCsrf(request);
  });

  app.setErrorHandler(async (err, request, reply) => {
    const e = asAppError(err);
    if (e.status >= 500)
      ctx.logger.error("dashboard request failed", { url: request.url, error: (err as Error).message });
    const api = request.url.startsWith(`${BASE}/api/`);
    if (e.status === 401 && !api) {
      rememberReturn(request, reply);
      return reply.redirect(`${BASE}/login`, 303);
    }
    if (api) {
      return reply
        .status(e.status)
        .send({ error: { code: e.code, message: e.status >= 500 ? "Internal error" : e.message } });
    }
    const message = e.status >= 500 ? "Something went wrong on the collector; it has been logged." : e.message;
    const body = html`<p class="flash flash-error" role="alert">✘ ${message}</p><p><a href="${BASE}/">Back to the overview</a></p>`;
    return reply
      .status(e.status)
      .type("text/html; charset=utf-8")
      .send(
        page({
          title: `Error ${e.status}`,
          user: request.dash?.user ?? null,
          csrf: request.dash?.session.csrf_token ?? "",
          body,
        }),
      );
  });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Signed-in forms carry the session's token; the login form carries a double-submit cookie's value. */
function checkCsrf(request: FastifyRequest): void {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const sent = typeof body["_csrf"] === "string" ? body["_csrf"] : "";
  const login = request.url === `${BASE}/login`;
  const expected = (login ? request.cookies[LOGIN_CSRF_COOKIE] : request.dash?.session.csrf_token) ?? "";
  if (!same(sent, expected)) {
    throw new AppError("forbidden", "This form has expired or did not come from Ward. Reload the page and try again.");
  }
}

export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === "https";
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
  reply.setCookie(SESSION_COOKIE, id, { path: BASE, httpOnly: true, sameSite: "lax", secure: isHttps(request) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: BASE });
}

export function sessionHash(request: FastifyRequest): string | null {
  const id = request.cookies[SESSION_COOKIE];
  return id ? hashSessionId(id) : null;
}

/** The signed-in user, or a redirect to the login page (HTML) / 401 (API). */
export function requireUser(request: FastifyRequest): DashState {
  const d = request.dash;
  if (d?.session.stage !== "ok") {
    throw new AppError("unauthorized", "Please log in.", { details: { login: true } });
  }
  return d;
}

export function sendPage(reply: FastifyReply, text: string, status = 200): FastifyReply {
  return reply.status(status).type("text/html; charset=utf-8").send(text);
}
