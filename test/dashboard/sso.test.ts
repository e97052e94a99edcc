// Single sign-on against a real OpenID provider on loopback (oidc-provider): roles by group, provider domain and a
// council's own domain; state, nonce and one-use checks; refused domains; the local admin with TOTP still works.
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAudit } from "../../server/dashboard/audit.js";
import { findUserByEmail } from "../../server/dashboard/auth/user-store.js";
import { ssoCli } from "../../server/dashboard/sso/cli.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { signInAtIdp, startTestIdp, type TestIdp } from "../support/oidc-provider.js";
import { BASE, cookiesOf, getPage, loginThroughForms, readyUser } from "./support.js";

const REDIRECT = "http://127.0.0.1:9/dashboard/sso/callback";

describeDialects("dashboard single sign-on (OpenID Connect)", (dialect) => {
  let idp: TestIdp;
  let env: TestEnv;
  let councilA = "";
  let councilB = "";
  const accounts: Record<string, Record<string, unknown>> = {
    alice: { email: "alice@provider.example", email_verified: true, groups: ["ward-admins"] },
    bob: { email: "Bob@Provider.example", email_verified: true, groups: [] },
    dsfm: { email: "dsfm@wellington-tc.example", email_verified: true },
    stranger: { email: "someone@elsewhere.example", email_verified: true },
    unverified: { email: "eve@provider.example", email_verified: false },
    // The red team's take-over: an identity naming the local break-glass admin's email, one with no email_verified
    // (Entra ID sends none) and one that is verified.
    noclaim: { email: "Owner@Ward.local" },
    claimsadmin: { email: "owner@ward.local", email_verified: true, groups: ["ward-admins"] },
    entra: { email: "carol@provider.example" },
  };

  beforeAll(async () => {
    idp = await startTestIdp({ accounts, redirectUris: [REDIRECT] });
    env = await newEnv(dialect, {
      config: {
        sso: {
          issuer: idp.issuer,
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          redirectUrl: REDIRECT,
          label: "Provider Example",
          providerDomains: ["provider.example"],
          groupRoles: { "ward-admins": "provider-admin" },
          allowInsecureHttp: true,
        },
      },
    });
    councilA = (await councilWithToken(env)).council.id;
    councilB = (await councilWithToken(env)).council.id;
    const where = env.dbUrl ? ["--db", env.dbUrl] : ["--data-dir", env.dataDir];
    await ssoCli(
      ["sso", "allow-domain", "--council", councilA, "--domain", "Wellington-TC.example", ...where],
      () => {},
    );
  });
  afterAll(async () => {
    await env?.close();
    await idp?.close();
  });

  /** Start at Ward, sign in at the provider as `login`, come back: the callback's answer and Ward's cookies. */
  async function ssoLogin(login: string, tamper?: (callback: URL) => void) {
    const start = await env.server.app.inject({ method: "GET", url: `${BASE}/sso/start` });
    expect(start.statusCode).toBe(303);
    const auth = new URL(String(start.headers.location));
    expect(auth.origin).toBe(idp.issuer);
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("nonce")).toBeTruthy();
    expect(auth.searchParams.get("state")).toBeTruthy();
    const ssoCookie = `ward_sso=${cookiesOf(start).ward_sso}`;
    const callback = new URL(await signInAtIdp(auth.href, login, REDIRECT));
    tamper?.(callback);
    const res = await env.server.app.inject({
      method: "GET",
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: ssoCookie },
    });
    return {
      res,
      callback,
      ssoCookie,
      session: cookiesOf(res).ward_session ? `ward_session=${cookiesOf(res).ward_session}` : "",
    };
  }

  it("offers the button on the log-in page", async () => {
    const page = await env.server.app.inject({ method: "GET", url: `${BASE}/login` });
    expect(page.body).toContain(`href="${BASE}/sso/start"`);
    expect(page.body).toContain("Sign in with Provider Example");
  });

  it("signs provider staff in by group (admin) and by domain (technician), with no Ward password", async () => {
    const alice = await ssoLogin("alice");
    expect(alice.res.statusCode).toBe(303);
    expect(alice.res.headers.location).toBe(`${BASE}/`);
    const overview = await getPage(env.server, `${BASE}/`, alice.session);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain("alice@provider.example (Provider admin)");
    expect((await getPage(env.server, `${BASE}/users`, alice.session)).statusCode).toBe(200);

    // Accounts made by SSO follow the identity provider: out of the group, alice is a technician at her next sign-in.
    accounts.alice!.groups = [];
    const again = await ssoLogin("alice");
    expect((await getPage(env.server, `${BASE}/`, again.session)).body).toContain(
      "alice@provider.example (Provider technician)",
    );
    accounts.alice!.groups = ["ward-admins"];

    const bob = await ssoLogin("bob");
    const page = await getPage(env.server, `${BASE}/`, bob.session);
    expect(page.body).toContain("bob@provider.example (Provider technician)");
    expect((await getPage(env.server, `${BASE}/users`, bob.session)).statusCode).toBe(403);
    const audit = await listAudit(env.server.ctx.db.kysely, { actions: ["login.success"] });
    expect(audit.some((e) => e.actor === "bob@provider.example" && e.detail_json.includes('"method":"sso"'))).toBe(
      true,
    );
  });

  it("lets a council's own domain in as that council's manager, and nowhere else", async () => {
    const dsfm = await ssoLogin("dsfm");
    expect(dsfm.res.statusCode).toBe(303);
    const home = await getPage(env.server, `${BASE}/`, dsfm.session);
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe(`${BASE}/councils/${councilA}/home`);
    const own = await getPage(env.server, `${BASE}/councils/${councilA}`, dsfm.session);
    expect(own.body).toContain("dsfm@wellington-tc.example (Council manager)");
    expect((await getPage(env.server, `${BASE}/councils/${councilB}`, dsfm.session)).statusCode).toBe(404);
    const user = await findUserByEmail(env.server.ctx.db.kysely, "dsfm@wellington-tc.example");
    expect(user).toMatchObject({ role: "council-manager", council_id: councilA });
  });

  it("refuses other domains and unverified emails, and audits why", async () => {
    const stranger = await ssoLogin("stranger");
    expect(stranger.res.statusCode).toBe(403);
    expect(stranger.res.body).toContain("Accounts from elsewhere.example are not allowed into Ward");
    expect(stranger.session).toBe("");
    const eve = await ssoLogin("unverified");
    expect(eve.res.statusCode).toBe(403);
    expect(eve.res.body).toContain("not verified");
    expect(await findUserByEmail(env.server.ctx.db.kysely, "someone@elsewhere.example")).toBeUndefined();
    const failures = await listAudit(env.server.ctx.db.kysely, { actions: ["login.failure"] });
    expect(failures.some((e) => e.actor === "someone@elsewhere.example" && e.detail_json.includes("not allowed"))).toBe(
      true,
    );
  });

  it("checks state and nonce, and a callback works once", async () => {
    const forged = await ssoLogin("bob", (u) => u.searchParams.set("state", "forged-state"));
    expect(forged.res.statusCode).toBe(401);
    expect(forged.session).toBe("");

    const ok = await ssoLogin("bob");
    expect(ok.res.statusCode).toBe(303);
    const replay = await env.server.app.inject({
      method: "GET",
      url: `${ok.callback.pathname}${ok.callback.search}`,
      headers: { cookie: ok.ssoCookie },
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain("expired or was already used");

    // The nonce Ward sent must come back in the ID token: change the one Ward expects, and the token is refused.
    const start = await env.server.app.inject({ method: "GET", url: `${BASE}/sso/start` });
    const cookie = `ward_sso=${cookiesOf(start).ward_sso}`;
    await env.server.ctx.db.kysely.updateTable("sso_logins").set({ nonce: "not-the-nonce-sent" }).execute();
    const callback = new URL(await signInAtIdp(String(start.headers.location), "bob", REDIRECT));
    const res = await env.server.app.inject({
      method: "GET",
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(401);
    const failures = await listAudit(env.server.ctx.db.kysely, { actions: ["login.failure"] });
    expect(failures.some((e) => e.detail_json.includes("claim nonce"))).toBe(true);
    expect(failures.some((e) => e.detail_json.includes('unexpected \\"state\\" response parameter'))).toBe(true);
  });

  it("checks the issuer: a provider whose discovery document names another issuer is refused", async () => {
    const wrong = await newEnv("sqlite", {
      config: {
        sso: {
          issuer: idp.issuer.replace("127.0.0.1", "localhost"),
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          redirectUrl: REDIRECT,
          allowInsecureHttp: true,
        },
      },
    });
    try {
      const start = await wrong.server.app.inject({ method: "GET", url: `${BASE}/sso/start` });
      expect(start.statusCode).toBe(502);
      expect(start.body).toContain("could not reach your organisation&#39;s sign-in service");
    } finally {
      await wrong.close();
    }
  });

  it("keeps the local admin with password and TOTP as the break-glass account", async () => {
    const admin = await readyUser(env.server, "breakglass@ward.local", "provider-admin");
    const cookie = await loginThroughForms(env.server, "breakglass@ward.local", admin.password, admin.totpSecret);
    const page = await getPage(env.server, `${BASE}/`, cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("breakglass@ward.local (Provider admin)");
  });

  it("never signs anyone in as an existing local account because the provider names its email (no take-over)", async () => {
    const admin = await readyUser(env.server, "owner@ward.local", "provider-admin");
    for (const login of ["noclaim", "claimsadmin"]) {
      const attempt = await ssoLogin(login);
      expect(attempt.res.statusCode).toBe(403);
      expect(attempt.session).toBe("");
    }
    // The local account is untouched and still signs in with its password and TOTP.
    const cookie = await loginThroughForms(env.server, "owner@ward.local", admin.password, admin.totpSecret);
    expect((await getPage(env.server, `${BASE}/`, cookie)).body).toContain("owner@ward.local (Provider admin)");
  });

  it("gives no role by email domain without email_verified (Entra ID's email claim is unverified)", async () => {
    const carol = await ssoLogin("entra");
    expect(carol.res.statusCode).toBe(403);
    expect(carol.res.body).toContain("did not confirm that this email address is verified");
    expect(await findUserByEmail(env.server.ctx.db.kysely, "carol@provider.example")).toBeUndefined();
  });
});
