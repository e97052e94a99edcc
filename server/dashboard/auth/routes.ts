// Login (password, then TOTP), MFA set-up, password change and logout; throttled, audited, no user enumeration.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import type { ServiceContext } from "../../services/context.js";
import { audit } from "../audit.js";
import { BASE, page } from "../layout.js";
import { clearSessionCookie, LOGIN_CSRF_COOKIE, sendPage, sessionHash, setSessionCookie } from "../request-context.js";
import { loginForm, type MfaSetup, mfaForm, passwordForm } from "./login-page.js";
import { takeReturn } from "./return-to.js";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "./password.js";
import { createSession, deleteSession, deleteUserSessions } from "./session-store.js";
import { lockFull, releaseAttempt, reserveAttempt, throttleKeys } from "./throttle.js";
import { clearFailures } from "./throttle-store.js";
import { newTotpSecret, totpStep, totpUri } from "./totp.js";
import { claimTotpStep, findUserByEmail, findUserById, updateUser } from "./user-store.js";

const GENERIC = "That email, password or code was not accepted.";
// On the code's page the password was right already: say what to do about the code (nothing more is given away).
const CODE_REFUSED = "That code was not accepted. Type the newest code your app shows: it changes every 30 seconds.";
type Body = Record<string, string | undefined>;

export function registerAuthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const now = () => ctx.clock.now();

  const loginPage = (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    let token = request.cookies[LOGIN_CSRF_COOKIE];
    if (!token) {
      token = randomBytes(32).toString("base64url");
      reply.setCookie(LOGIN_CSRF_COOKIE, token, {
        path: BASE,
        httpOnly: true,
        sameSite: "strict",
        secure: request.protocol === "https",
      });
    }
    return sendPage(reply, page({ title: "Log in", body: loginForm(token, error, ctx.config.sso?.label) }), status);
  };

  app.get(`${BASE}/login`, async (request, reply) => loginPage(request, reply));

  app.post(`${BASE}/login`, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const email = String(body.email ?? "")
      .trim()
      .toLowerCase()
      .slice(0, 320);
    const password = String(body.password ?? "");
    const keys = throttleKeys(email, request.ip);
    const base = { at: now(), actor: email || "(blank)", councilId: null, ip: request.ip };
    // The attempt is counted before the (slow) password check, so parallel guesses cannot all get through.
    const locked = await reserveAttempt(q, keys, now());
    if (locked) {
      await audit(q, { ...base, userId: null, action: "login.locked" });
      return loginPage(
        request,
        reply,
        `Too many attempts. Try again after ${locked.toISOString().slice(11, 16)} UTC.`,
        429,
      );
    }
    const user = email ? await findUserByEmail(q, email) : undefined;
    const ok = await verifyPassword(password.slice(0, 200), user?.password_hash ?? (await dummyHash()));
    if (!user || !ok || user.disabled_at) {
      await lockFull(q, keys, now());
      await audit(q, { ...base, userId: user?.id ?? null, action: "login.failure", detail: { step: "password" } });
      return loginPage(request, reply, GENERIC, 401);
    }
    await releaseAttempt(q, keys);
    const stage = user.totp_confirmed_at ? "mfa" : "mfa-setup";
    const { id } = await createSession(q, user.id, stage, now(), request.ip);
    setSessionCookie(request, reply, id);
    return reply.redirect(`${BASE}/mfa`, 303);
  });

  const mfaPage = async (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    const d = request.dash;
    if (!d || (d.session.stage !== "mfa" && d.session.stage !== "mfa-setup"))
      return reply.redirect(`${BASE}/login`, 303);
    let setup: MfaSetup | null = null;
    if (d.session.stage === "mfa-setup") {
      const user = await findUserById(q, d.user.id);
      let secret = user?.totp_secret;
      if (!secret) {
        secret = newTotpSecret();
        await updateUser(q, d.user.id, { totp_secret: secret });
      }
      const uri = totpUri(secret, d.user.email);
      setup = { svg: await QRCode.toString(uri, { type: "svg", margin: 2, width: 200 }), secret, uri };
    }
    return sendPage(reply, page({ title: "Second factor", body: mfaForm(d.session.csrf_token, setup, error) }), status);
  };

  app.get(`${BASE}/mfa`, async (request, reply) => mfaPage(request, reply));

  app.post(`${BASE}/mfa`, async (request, reply) => {
    const d = request.dash;
    if (!d || (d.session.stage !== "mfa" && d.session.stage !== "mfa-setup"))
      return reply.redirect(`${BASE}/login`, 303);
    const code = String(((request.body ?? {}) as Body).code ?? "");
    const user = await findUserById(q, d.user.id);
    const keys = throttleKeys(d.user.email, request.ip);
    const base = { at: now(), userId: d.user.id, actor: d.user.email, councilId: d.user.councilId, ip: request.ip };
    if (await reserveAttempt(q, keys, now())) {
      await deleteSession(q, d.session.id_hash);
      clearSessionCookie(reply);
      await audit(q, { ...base, action: "login.locked", detail: { step: "mfa" } });
      return reply.redirect(`${BASE}/login`, 303);
    }
    const step = user?.totp_secret ? totpStep(user.totp_secret, code, now()) : null;
    if (step === null || !(await claimTotpStep(q, d.user.id, step))) {
      await lockFull(q, keys, now());
      await audit(q, { ...base, action: "login.failure", detail: { step: "mfa" } });
      return mfaPage(request, reply, CODE_REFUSED, 401);
    }
    await clearFailures(q, keys[0]!.key);
    await releaseAttempt(q, keys.slice(1));
    if (d.session.stage === "mfa-setup") {
      await updateUser(q, d.user.id, { totp_confirmed_at: now().toISOString() });
      await audit(q, { ...base, action: "mfa.setup" });
    }
    // A new session id once fully authenticated: nothing from before the second factor carries over.
    await deleteSession(q, d.session.id_hash);
    const stage = user?.must_change_password ? "change-password" : "ok";
    const { id } = await createSession(q, d.user.id, stage, now(), request.ip);
    setSessionCookie(request, reply, id);
    await audit(q, { ...base, action: "login.success" });
    return reply.redirect(stage === "ok" ? takeReturn(request, reply) : `${BASE}/password`, 303);
  });

  app.get(`${BASE}/password`, async (request, reply) => {
    const d = request.dash;
    if (!d || (d.session.stage !== "change-password" && d.session.stage !== "ok"))
      return reply.redirect(`${BASE}/login`, 303);
    const forced = d.session.stage === "change-password";
    return sendPage(
      reply,
      page({
        title: "Choose a password",
        user: d.user,
        csrf: d.session.csrf_token,
        body: passwordForm(d.session.csrf_token, forced),
      }),
    );
  });

  app.post(`${BASE}/password`, async (request, reply) => {
    const d = request.dash;
    if (!d || (d.session.stage !== "change-password" && d.session.stage !== "ok"))
      return reply.redirect(`${BASE}/login`, 303);
    const forced = d.session.stage === "change-password";
    const body = (request.body ?? {}) as Body;
    const password = String(body.password ?? "");
    const user = await findUserById(q, d.user.id);
    const fail = (msg: string) =>
      sendPage(
        reply,
        page({
          title: "Choose a password",
          user: d.user,
          csrf: d.session.csrf_token,
          body: passwordForm(d.session.csrf_token, forced, msg),
        }),
        400,
      );
    if (!forced && !(user && (await verifyPassword(String(body.current ?? ""), user.password_hash))))
      return fail("The current password is not right.");
    const problem = passwordProblem(password);
    if (problem) return fail(problem);
    if (password !== body.repeat) return fail("The two new passwords are different.");
    await updateUser(q, d.user.id, { password_hash: await hashPassword(password), must_change_password: 0 });
    await audit(q, {
      at: now(),
      userId: d.user.id,
      actor: d.user.email,
      councilId: d.user.councilId,
      action: "password.change",
      ip: request.ip,
    });
    // Every other session of this account ends too (one stolen earlier, or left open on another computer).
    await deleteUserSessions(q, d.user.id);
    const { id } = await createSession(q, d.user.id, "ok", now(), request.ip);
    setSessionCookie(request, reply, id);
    return reply.redirect(takeReturn(request, reply), 303);
  });

  app.post(`${BASE}/logout`, async (request, reply) => {
    const hash = sessionHash(request);
    if (hash) await deleteSession(q, hash);
    const d = request.dash;
    if (d)
      await audit(q, {
        at: now(),
        userId: d.user.id,
        actor: d.user.email,
        councilId: d.user.councilId,
        action: "logout",
        ip: request.ip,
      });
    clearSessionCookie(reply);
    return reply.redirect(`${BASE}/login`, 303);
  });
}
