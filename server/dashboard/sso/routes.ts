// Single sign-on pages: /dashboard/sso/start sends the browser to the identity provider; /dashboard/sso/callback
// checks its answer, finds or makes the account (role by group or domain), and starts a dashboard session.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { newId } from "../../ids.js";
import type { ServiceContext } from "../../services/context.js";
import { audit } from "../audit.js";
import { hashPassword } from "../auth/password.js";
import { takeReturn } from "../auth/return-to.js";
import { createSession } from "../auth/session-store.js";
import { findUserByEmail, findUserById, insertUser, updateUser } from "../auth/user-store.js";
import { html } from "../html.js";
import { BASE, flash, page } from "../layout.js";
import { isHttps, sendPage, setSessionCookie } from "../request-context.js";
import { createSsoClient, type SsoClient } from "./oidc.js";
import { mapIdentity } from "./role-map.js";
import { councilDomains, findIdentity, PENDING_MS, recordIdentityLogin, savePending, takePending } from "./store.js";

export const SSO_COOKIE = "ward_sso";
const SSO_PATH = `${BASE}/sso`;

export function registerSsoRoutes(app: FastifyInstance, ctx: ServiceContext, client?: SsoClient): void {
  const settings = ctx.config.sso;
  if (!settings) return;
  const sso = client ?? createSsoClient(settings);
  const q = ctx.db.kysely;
  const now = () => ctx.clock.now();

  const problem = (reply: FastifyReply, status: number, message: string) =>
    sendPage(
      reply,
      page({
        title: "Single sign-on",
        body: html`${flash(message, "error")}<p><a href="${BASE}/login">Back to the log-in page</a></p>`,
      }),
      status,
    );

  app.get(`${SSO_PATH}/start`, async (request, reply) => {
    let started: Awaited<ReturnType<SsoClient["start"]>>;
    try {
      started = await sso.start();
    } catch (err) {
      ctx.logger.warn("single sign-on: the identity provider could not be reached", {
        issuer: settings.issuer,
        error: (err as Error).message,
      });
      return problem(
        reply,
        502,
        "Ward could not reach your organisation's sign-in service. Try again in a minute, or log in with your Ward password.",
      );
    }
    const id = await savePending(q, started, now());
    reply.setCookie(SSO_COOKIE, id, {
      path: SSO_PATH,
      httpOnly: true,
      sameSite: "lax",
      secure: isHttps(request),
      maxAge: PENDING_MS / 1000,
    });
    return reply.redirect(started.url.href, 303);
  });

  app.get(`${SSO_PATH}/callback`, async (request: FastifyRequest, reply) => {
    const cookie = request.cookies[SSO_COOKIE] ?? "";
    reply.clearCookie(SSO_COOKIE, { path: SSO_PATH });
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
    const params = new URLSearchParams(query);
    const base = { at: now(), councilId: null, ip: request.ip };
    const pending = await takePending(q, cookie, now());
    if (!pending)
      return problem(reply, 400, "This sign-in has expired or was already used. Start again from the log-in page.");
    if (params.get("error")) {
      await audit(q, {
        ...base,
        userId: null,
        actor: "(single sign-on)",
        action: "login.failure",
        detail: { step: "sso", error: params.get("error")?.slice(0, 100) },
      });
      return problem(
        reply,
        401,
        "Your organisation's sign-in service did not sign you in. Try again, or ask your IT provider.",
      );
    }
    let claims: Record<string, unknown>;
    try {
      claims = await sso.finish(query, {
        state: pending.state,
        nonce: pending.nonce,
        codeVerifier: pending.code_verifier,
      });
    } catch (err) {
      await audit(q, {
        ...base,
        userId: null,
        actor: "(single sign-on)",
        action: "login.failure",
        detail: { step: "sso", error: whyRefused(err) },
      });
      return problem(
        reply,
        401,
        "Ward could not verify the answer from your organisation's sign-in service. Start again from the log-in page.",
      );
    }
    const mapping = mapIdentity(claims, settings, await councilDomains(q));
    const actor =
      typeof claims.email === "string" ? claims.email.slice(0, 320) : String(claims.sub ?? "(single sign-on)");
    if (!mapping.ok) {
      await audit(q, {
        ...base,
        userId: null,
        actor,
        action: "login.failure",
        detail: { step: "sso", reason: mapping.reason },
      });
      return problem(reply, 403, mapping.reason);
    }
    const subject = `${String(claims.iss)} ${String(claims.sub)}`;
    const at = now().toISOString();
    const identity = await findIdentity(q, subject);
    let user = identity ? await findUserById(q, identity.user_id) : undefined;
    let provisioned = identity?.provisioned === 1;
    if (!user && (await findUserByEmail(q, mapping.email))) {
      // Never link an account that signs in with a password and TOTP just because an identity provider names its email:
      // whoever controls that email attribute at the provider would become that user (the provider admin included).
      await audit(q, {
        ...base,
        userId: null,
        actor,
        action: "login.failure",
        detail: { step: "sso", reason: "local account with this email" },
      });
      return problem(
        reply,
        403,
        "A Ward account with this email address already exists and signs in with its password and authenticator code. Sign in that way; single sign-on cannot take over an existing account.",
      );
    }
    if (!user) {
      // A new account: it has no usable password (a random one nobody knows); its second factor is the identity provider's.
      user = {
        id: newId("usr", 12),
        email: mapping.email,
        role: mapping.role,
        council_id: mapping.councilId,
        password_hash: await hashPassword(randomBytes(32).toString("base64url")),
        must_change_password: 0,
        totp_secret: null,
        totp_confirmed_at: null,
        totp_last_step: null,
        created_at: at,
        disabled_at: null,
      };
      await insertUser(q, user);
      provisioned = true;
      await audit(q, {
        ...base,
        userId: user.id,
        actor: user.email,
        councilId: user.council_id,
        action: "user.create",
        target: user.email,
        detail: { via: "sso", role: user.role, why: mapping.why },
      });
    }
    if (user.disabled_at) {
      await audit(q, {
        ...base,
        userId: user.id,
        actor: user.email,
        action: "login.failure",
        detail: { step: "sso", reason: "disabled" },
      });
      return problem(reply, 403, "This Ward account is disabled. Ask your IT provider.");
    }
    if (provisioned && (user.role !== mapping.role || user.council_id !== mapping.councilId)) {
      // Accounts made by single sign-on follow the identity provider: a group or domain change applies at the next sign-in.
      await updateUser(q, user.id, { role: mapping.role, council_id: mapping.councilId });
      user = { ...user, role: mapping.role, council_id: mapping.councilId };
    }
    await recordIdentityLogin(q, Boolean(identity), { subject, userId: user.id, at, provisioned });
    const { id } = await createSession(q, user.id, "ok", now(), request.ip);
    setSessionCookie(request, reply, id);
    await audit(q, {
      ...base,
      userId: user.id,
      actor: user.email,
      councilId: user.council_id,
      action: "login.success",
      detail: { method: "sso", why: mapping.why, issuer: String(claims.iss) },
    });
    return reply.redirect(takeReturn(request, reply), 303);
  });
}

/** openid-client's error and its causes (which claim or parameter did not match), for the audit log. */
function whyRefused(err: unknown): string {
  const parts: string[] = [];
  let e = err as { message?: string; code?: string; cause?: unknown; claim?: string; parameter?: string } | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    if (e.message) parts.push(`${e.message}${e.code ? ` [${e.code}]` : ""}`);
    if (e.claim) parts.push(`claim ${e.claim}`);
    if (e.parameter) parts.push(`parameter ${e.parameter}`);
    e = e.cause as typeof e;
  }
  return (parts.join("; ") || String(err)).slice(0, 300);
}
