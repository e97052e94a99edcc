// Dashboard test support: users, a signed-in cookie without the login dance, the real login through forms, seeding.
import type { LightMyRequestResponse } from "fastify";
import { createSession } from "../../server/dashboard/auth/session-store.js";
import { newTotpSecret, totpCode } from "../../server/dashboard/auth/totp.js";
import { updateUser } from "../../server/dashboard/auth/user-store.js";
import { createUser, type IssuedCredentials } from "../../server/dashboard/users.js";
import type { WardServer } from "../../server/main.js";

export const BASE = "/dashboard";

/** A user whose MFA is set up (the secret their app holds is returned) and whose password is their own. */
export async function readyUser(
  server: WardServer,
  email: string,
  role: string,
  council?: string,
): Promise<IssuedCredentials & { totpSecret: string }> {
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const c = await createUser(deps, { email, role, council });
  const totpSecret = newTotpSecret();
  await updateUser(server.ctx.db.kysely, c.user.id, {
    totp_secret: totpSecret,
    totp_confirmed_at: server.ctx.clock.now().toISOString(),
    must_change_password: 0,
  });
  return { ...c, totpSecret };
}

/** A signed-in session cookie for a user, made directly in the database (what the bench uses too). */
export async function sessionCookie(server: WardServer, userId: string): Promise<{ cookie: string; csrf: string }> {
  const { id, row } = await createSession(server.ctx.db.kysely, userId, "ok", server.ctx.clock.now(), "127.0.0.1");
  return { cookie: `ward_session=${id}`, csrf: row.csrf_token };
}

export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies as { name: string; value: string }[]) out[c.name] = c.value;
  return out;
}

export function csrfOf(htmlText: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(htmlText);
  if (!m?.[1]) throw new Error("no CSRF field in the page");
  return m[1];
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** A policy template preview form's fields as the browser posts them when Apply is pressed. */
export function applyFrom(previewBody: string): string {
  const formHtml = /<form[^>]*class="card preview">([\s\S]*?)<\/form>/.exec(previewBody)?.[1] ?? "";
  const out = new URLSearchParams();
  for (const m of formHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    out.append(m[1] ?? "", m[2] ?? "");
  out.append("step", "apply");
  return out.toString();
}

export async function postForm(server: WardServer, url: string, cookie: string, fields: Record<string, string>) {
  return server.app.inject({
    method: "POST",
    url,
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    payload: form(fields),
  });
}

export async function getPage(server: WardServer, url: string, cookie: string) {
  return server.app.inject({ method: "GET", url, headers: { cookie } });
}

/** The whole login through the forms: password, TOTP code (at the server's clock), and the new password if asked. */
export async function loginThroughForms(
  server: WardServer,
  email: string,
  password: string,
  secret: string,
  newPassword?: string,
): Promise<string> {
  const first = await server.app.inject({ method: "GET", url: `${BASE}/login` });
  const loginCookie = `ward_login_csrf=${cookiesOf(first).ward_login_csrf}`;
  const posted = await postForm(server, `${BASE}/login`, loginCookie, { _csrf: csrfOf(first.body), email, password });
  if (posted.statusCode !== 303) throw new Error(`login refused: ${posted.statusCode}`);
  let cookie = `ward_session=${cookiesOf(posted).ward_session}`;
  const mfa = await getPage(server, `${BASE}/mfa`, cookie);
  const code = totpCode(secret, server.ctx.clock.now());
  const done = await postForm(server, `${BASE}/mfa`, cookie, { _csrf: csrfOf(mfa.body), code });
  if (done.statusCode !== 303) throw new Error(`second factor refused: ${done.statusCode}`);
  cookie = `ward_session=${cookiesOf(done).ward_session}`;
  if (done.headers.location === `${BASE}/password`) {
    const pw = await getPage(server, `${BASE}/password`, cookie);
    const next = newPassword ?? "a long new password for tests";
    const changed = await postForm(server, `${BASE}/password`, cookie, {
      _csrf: csrfOf(pw.body),
      password: next,
      repeat: next,
    });
    if (changed.statusCode !== 303) throw new Error(`password change refused: ${changed.statusCode}`);
    cookie = `ward_session=${cookiesOf(changed).ward_session}`;
  }
  return cookie;
}

/** Enrols a FakeDevice (test/collector/device.ts) with a token and sends one full report of these results. */
export async function enrolAndReport(
  server: WardServer,
  token: string,
  device: import("../collector/device.js").FakeDevice,
  results: import("../../shared/schemas/check-result.js").CheckResult[],
  at?: Date,
): Promise<string> {
  const enrolled = await server.app.inject({ method: "POST", url: "/v1/enroll", payload: device.enrollBody(token) });
  if (enrolled.statusCode !== 200) throw new Error(`enrol failed: ${enrolled.body}`);
  device.deviceId = (JSON.parse(enrolled.body) as { deviceId: string }).deviceId;
  const sent = await server.app.inject({
    method: "POST",
    url: "/v1/reports",
    payload: { deviceId: device.deviceId, envelopes: [device.full(results, at ?? server.ctx.clock.now())] },
  });
  if (sent.statusCode !== 200) throw new Error(`report failed: ${sent.body}`);
  return device.deviceId;
}
