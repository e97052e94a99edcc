// The dashboard's API tokens page: a provider admin creates one (shown once, only its hash stored), sees its last use,
// revokes it (then 401); other roles get 403; both actions are in the audit log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokenCli } from "../../server/api/cli.js";
import { listAudit } from "../../server/dashboard/audit.js";
import { sha256Hex } from "../../shared/crypto/ed25519.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, getPage, postForm, readyUser, sessionCookie } from "../dashboard/support.js";

describe("dashboard API tokens page", () => {
  let env: TestEnv;
  let admin: { cookie: string; csrf: string };
  let tech: { cookie: string; csrf: string };
  let councilId = "";
  beforeAll(async () => {
    env = await newEnv("sqlite");
    councilId = (await councilWithToken(env)).council.id;
    admin = await sessionCookie(
      env.server,
      (await readyUser(env.server, "admin@provider.example", "provider-admin")).user.id,
    );
    tech = await sessionCookie(
      env.server,
      (await readyUser(env.server, "tech@provider.example", "provider-technician")).user.id,
    );
  });
  afterAll(async () => env?.close());

  it("creates a council token shown once, lists its last use, and revokes it", async () => {
    const fields = {
      _csrf: admin.csrf,
      form_id: "AAAAAAAAAAAAAAAAAAAAAA",
      name: "HaloPSA <bridge>",
      scope: councilId,
      access: "read",
      expires: "90d",
    };
    const created = await postForm(env.server, `${BASE}/api-tokens`, admin.cookie, fields);
    expect(created.statusCode).toBe(200);
    const token = /id="new-api-token">(wat_[A-Za-z0-9_-]{43})</.exec(created.body)?.[1];
    expect(token).toBeDefined();
    expect(created.body).toContain("HaloPSA &lt;bridge&gt;");
    const row = await env.server.ctx.db.kysely.selectFrom("api_tokens").selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(token!));
    expect(JSON.stringify(row)).not.toContain(token!);
    const resent = await postForm(env.server, `${BASE}/api-tokens`, admin.cookie, fields);
    expect(resent.statusCode).toBe(409);
    expect(resent.body).not.toContain(token!);
    expect(await env.server.ctx.db.kysely.selectFrom("api_tokens").selectAll().execute()).toHaveLength(1);

    const used = await env.server.app.inject({
      method: "GET",
      url: `/api/v1/councils/${councilId}/devices`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(used.statusCode).toBe(200);
    const listed = await getPage(env.server, `${BASE}/api-tokens`, admin.cookie);
    expect(listed.body).not.toContain(token!);
    expect(listed.body).toContain("from 127.0.0.1");

    const revoke = await postForm(env.server, `${BASE}/api-tokens/${row.id}/revoke`, admin.cookie, {
      _csrf: admin.csrf,
    });
    expect(revoke.statusCode).toBe(303);
    const after = await env.server.app.inject({
      method: "GET",
      url: `/api/v1/councils/${councilId}/devices`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
    const audit = await listAudit(env.server.ctx.db.kysely, { actions: ["api-token.create", "api-token.revoke"] });
    expect(audit.map((e) => `${e.action} ${e.actor}`).sort()).toEqual([
      "api-token.create admin@provider.example",
      "api-token.revoke admin@provider.example",
    ]);
  });

  it("is for provider admins only", async () => {
    expect((await getPage(env.server, `${BASE}/api-tokens`, tech.cookie)).statusCode).toBe(403);
    const post = await postForm(env.server, `${BASE}/api-tokens`, tech.cookie, {
      _csrf: tech.csrf,
      name: "x",
      scope: "provider",
      access: "write",
      expires: "90d",
    });
    expect(post.statusCode).toBe(403);
  });

  it("ward-server api-token create --council NAME --read-only --expires 90d --json prints the token once; list hides it", async () => {
    const council = await env.server.ctx.db.kysely
      .selectFrom("councils")
      .selectAll()
      .where("id", "=", councilId)
      .executeTakeFirstOrThrow();
    const out: string[] = [];
    const run = (...argv: string[]) =>
      apiTokenCli(["api-token", ...argv, "--data-dir", env.dataDir], (l) => out.push(l));
    await run(
      "create",
      "--council",
      council.name,
      "--read-only",
      "--expires",
      "90d",
      "--name",
      "Autotask bridge",
      "--json",
    );
    const made = JSON.parse(out.pop()!) as {
      token: string;
      id: string;
      councilId: string;
      readOnly: boolean;
      expiresAt: string;
    };
    expect(made).toMatchObject({ councilId, readOnly: true });
    expect(Date.parse(made.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    const me = await env.server.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { authorization: `Bearer ${made.token}` },
    });
    expect(JSON.parse(me.body)).toMatchObject({ tokenId: made.id, scope: "council", readOnly: true });
    await run("create", "--provider", "--json");
    expect(JSON.parse(out.pop()!)).toMatchObject({ councilId: null, readOnly: false });
    await run("list", "--json");
    const listed = out.pop()!;
    expect(listed).toContain(made.id);
    expect(listed).not.toContain(made.token);
    await expect(run("create", "--provider", "--council", councilId)).rejects.toThrow(/either for one council/);
    await expect(run("create", "--council", councilId, "--expires", "5y")).rejects.toThrow(/not a duration/);
  });
});
