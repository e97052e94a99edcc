// The evidence pack page on both databases: council scoping (another council's pack, page and attestations are 404),
// roles (a viewer downloads but cannot record), the form's checks, audit entries, and device text kept inert in the
// CSV (no spreadsheet formula) and the PDF.
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAudit } from "../../server/dashboard/audit.js";
import { insertAttestation } from "../../server/evidence/attestation-store.js";
import { verifyPack } from "../../server/evidence/signature.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "../dashboard/support.js";

const FORMULA_HOST = '=HYPERLINK("http://evil.example","x")';

describeDialects("evidence pack page", (dialect) => {
  let env: TestEnv;
  let a: Awaited<ReturnType<typeof councilWithToken>>;
  let b: Awaited<ReturnType<typeof councilWithToken>>;
  let manager: { cookie: string; csrf: string };
  let viewer: { cookie: string; csrf: string };
  let otherAttestation = "";
  const today = () => env.server.ctx.clock.now().toISOString().slice(0, 10);

  beforeAll(async () => {
    env = await newEnv(dialect);
    a = await councilWithToken(env);
    b = await councilWithToken(env);
    const hostile = new FakeDevice();
    hostile.inventory.hostname = FORMULA_HOST;
    await enrolAndReport(env.server, a.token.token, hostile, [
      checkResult("disk-encryption", "pass"),
      checkResult("os-patch", "fail"),
    ]);
    await enrolAndReport(env.server, b.token.token, new FakeDevice(), [checkResult("disk-encryption", "fail")]);
    const now = env.server.ctx.clock.now();
    otherAttestation = (
      await insertAttestation(env.server.ctx.db.kysely, {
        council_id: b.council.id,
        kind: "mfa-cloud",
        evidence: "B's report",
        checked_on: today(),
        expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
        recorded_by: "it@b.example",
        recorded_role: "provider-admin",
        recorded_at: now.toISOString(),
      })
    ).id;
    manager = await sessionCookie(
      env.server,
      (await readyUser(env.server, "dsfm@a.example", "council-manager", a.council.id)).user.id,
    );
    viewer = await sessionCookie(
      env.server,
      (await readyUser(env.server, "viewer@a.example", "council-viewer", a.council.id)).user.id,
    );
  });
  afterAll(async () => env?.close());

  it("answers 404 for another council's page, pack, CSV and attestations", async () => {
    for (const url of [
      `${BASE}/councils/${b.council.id}/evidence`,
      `${BASE}/councils/${b.council.id}/evidence.pdf`,
      `${BASE}/councils/${b.council.id}/evidence.csv`,
    ]) {
      expect((await getPage(env.server, url, manager.cookie)).statusCode, url).toBe(404);
    }
    const post = await postForm(env.server, `${BASE}/councils/${b.council.id}/attestations`, manager.cookie, {
      _csrf: manager.csrf,
      kind: "mfa-cloud",
      checked_on: today(),
      evidence: "x",
      expires: today(),
    });
    expect(post.statusCode).toBe(404);
    expect(
      (
        await postForm(env.server, `${BASE}/attestations/${otherAttestation}/withdraw`, manager.cookie, {
          _csrf: manager.csrf,
        })
      ).statusCode,
    ).toBe(404);
    const still = await env.server.ctx.db.kysely
      .selectFrom("attestations")
      .selectAll()
      .where("id", "=", otherAttestation)
      .executeTakeFirstOrThrow();
    expect(still.withdrawn_at).toBeNull();
  });

  it("lets a viewer read and download, but not record", async () => {
    const pageRes = await getPage(env.server, `${BASE}/councils/${a.council.id}/evidence`, viewer.cookie);
    expect(pageRes.statusCode).toBe(200);
    expect(pageRes.body).not.toContain('id="record"');
    const post = await postForm(env.server, `${BASE}/councils/${a.council.id}/attestations`, viewer.cookie, {
      _csrf: viewer.csrf,
      kind: "mfa-cloud",
      checked_on: today(),
      evidence: "x",
      expires: today(),
    });
    expect(post.statusCode).toBe(403);
    const pdf = await env.server.app.inject({
      method: "GET",
      url: `${BASE}/councils/${a.council.id}/evidence.pdf`,
      headers: { cookie: viewer.cookie },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toMatch(
      /^attachment; filename="ward-evidence-council-[a-z0-9-]+-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const verified = verifyPack(pdf.rawPayload, env.server.ctx.key.publicKey);
    expect(verified.ok && verified.signature.councilId).toBe(a.council.id);
    expect(verified.ok && verified.signature.generatedBy).toBe("viewer@a.example");
  });

  it("neutralises a device's formula in the CSV", async () => {
    const csv = await getPage(env.server, `${BASE}/councils/${a.council.id}/evidence.csv`, manager.cookie);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv.body).not.toMatch(/(^|,)"=HYPERLINK/m);
  });

  it("checks the form in the page's words, records a good attestation, and audits it", async () => {
    const bad = await postForm(env.server, `${BASE}/councils/${a.council.id}/attestations`, manager.cookie, {
      _csrf: manager.csrf,
      kind: "it-policy",
      checked_on: "2999-01-01",
      evidence: "Minutes <b>item 4</b>",
      expires: "not a date",
      adopted_on: "2026-02-30",
      minute_ref: "",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Give the day you made the check: a date, today or earlier.");
    expect(bad.body).toContain("Give the day the attestation lapses: a date after today.");
    expect(bad.body).toContain("Give the day the council adopted its IT policy");
    expect(bad.body).toContain("Minutes &lt;b&gt;item 4&lt;/b&gt;</textarea>");
    const good = await postForm(env.server, `${BASE}/councils/${a.council.id}/attestations`, manager.cookie, {
      _csrf: manager.csrf,
      kind: "app-updates",
      checked_on: today(),
      evidence: "Chrome and Edge policies: auto-update on; Office current channel.",
      expires: new Date(env.server.ctx.clock.now().getTime() + 200 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(good.statusCode).toBe(303);
    const rows = await env.server.ctx.db.kysely
      .selectFrom("attestations")
      .selectAll()
      .where("council_id", "=", a.council.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "app-updates",
      recorded_by: "dsfm@a.example",
      recorded_role: "council-manager",
    });
    const audit = await listAudit(env.server.ctx.db.kysely, {
      councilId: a.council.id,
      actions: ["attestation.record"],
    });
    expect(audit[0]?.actor).toBe("dsfm@a.example");
    const withdraw = await postForm(env.server, `${BASE}/attestations/${rows[0]!.id}/withdraw`, manager.cookie, {
      _csrf: manager.csrf,
    });
    expect(withdraw.statusCode).toBe(303);
    const pageRes = await getPage(env.server, `${BASE}/councils/${a.council.id}/evidence`, manager.cookie);
    expect(pageRes.body).toMatch(/Application and browser updates<\/th><td data-label="State">✘ withdrawn/);
  });
});
