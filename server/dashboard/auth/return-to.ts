// Where a signed-out visitor was going (an approve link from an email): kept in a short cookie through the log-in.
import type { FastifyReply, FastifyRequest } from "fastify";
import { BASE } from "../layout.js";

const COOKIE = "ward_return";
/** Only a dashboard page of this collector, never the log-in pages themselves, never another host ("//", "\"). */
const SAFE = /^\/dashboard\/(?!login|mfa|password|logout|sso)[A-Za-z0-9\-._~/?&=%]*$/;

/** Remembers a GET that needed a signed-in user, for 15 minutes. */
export function rememberReturn(request: FastifyRequest, reply: FastifyReply): void {
  if (request.method !== "GET" || request.url.length > 1500 || !SAFE.test(request.url) || request.url.includes("//"))
    return;
  reply.setCookie(COOKIE, request.url, {
    path: BASE,
    httpOnly: true,
    sameSite: "lax",
    secure: request.protocol === "https",
    maxAge: 15 * 60,
  });
}

/** Where to go once signed in: the remembered page (then forgotten), else the dashboard's home. */
export function takeReturn(request: FastifyRequest, reply: FastifyReply): string {
  const to = request.cookies[COOKIE];
  if (to === undefined) return `${BASE}/`;
  reply.clearCookie(COOKIE, { path: BASE });
  return SAFE.test(to) && !to.includes("//") ? to : `${BASE}/`;
}
