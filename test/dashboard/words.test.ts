// The dashboard's words: one "silent" threshold (the council's alert setting) and not-applicable counted as such.
import { afterAll, beforeAll, expect, it } from "vitest";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

describeDialects("dashboard words: silent and not applicable", (dialect) => {
  let env: TestEnv;
  let patient: Awaited<ReturnType<typeof councilWithToken>>;
  let strict: Awaited<ReturnType<typeof councilWithToken>>;
  let naOnly: Awaited<ReturnType<typeof councilWithToken>>;
  let cookie = "";
  let csrf = "";
  let strictDevice = "";
  const HOSTILE_HOST = "<b>Clerk</b>\u202Egpj.exe";

  beforeAll(async () => {
    env = await newEnv(dialect);
    patient = await councilWithToken(env);
    strict = await councilWithToken(env);
    naOnly = await councilWithToken(env);
    // Both councils' laptops last reported 80 hours ago: past the 72 h default, inside the patient council's 100 h.
    await setAlertSettings(env.server.ctx.db.kysely, patient.council.id, { silenceHours: 100 });
    const q = env.server.ctx.db.kysely;
    for (const c of [patient, strict]) {
      const device = new FakeDevice();
      if (c === strict) device.inventory.hostname = HOSTILE_HOST;
      const id = await enrolAndReport(env.server, c.token.token, device, [checkResult("disk-encryption", "pass")]);
      if (c === strict) strictDevice = id;
      const at = new Date(env.server.ctx.clock.now().getTime() - 80 * 3_600_000).toISOString();
      await q.updateTable("devices").set({ last_seen_at: at }).where("id", "=", id).execute();
    }
    await enrolAndReport(env.server, naOnly.token.token, new FakeDevice(), [
      checkResult("disk-encryption", "not_applicable"),
    ]);
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    ({ cookie, csrf } = await sessionCookie(env.server, admin.user.id));
  });
  afterAll(async () => env?.close());

  const rowOf = (body: string, councilId: string) => {
    const m = new RegExp(`<tr>\\s*<th scope="row"><a href="${BASE}/councils/${councilId}">[\\s\\S]*?</tr>`).exec(body);
    if (!m) throw new Error(`no overview row for ${councilId}`);
    return m[0];
  };

  it("the overview's 'silent' is each council's alert setting, the hours the silence alert uses", async () => {
    const page = await getPage(env.server, `${BASE}/`, cookie);
    expect(page.statusCode).toBe(200);
    expect(rowOf(page.body, strict.council.id)).toContain("⚠ 1 silent</a> <small>no report for 72 h</small>");
    expect(rowOf(page.body, patient.council.id)).not.toContain("silent</a>");
    expect(rowOf(page.body, patient.council.id)).toContain("✔ nothing to fix");
    expect(page.body).not.toContain("48 hours");
  });

  it("the council page's silent filter uses the same hours", async () => {
    const strictSilent = await getPage(env.server, `${BASE}/councils/${strict.council.id}?filter=silent`, cookie);
    expect(strictSilent.body).toContain("1 device; page 1 of 1.");
    expect(strictSilent.body).toContain("Silent (no report for 72 hours)");
    const patientSilent = await getPage(env.server, `${BASE}/councils/${patient.council.id}?filter=silent`, cookie);
    expect(patientSilent.body).toContain("0 devices; page 1 of 1.");
    expect(patientSilent.body).toContain("Silent (no report for 100 hours)");
  });

  it("a council whose only laptop is not applicable reads 'not applicable', not 0 pass 0 fail 0 unknown", async () => {
    const page = await getPage(env.server, `${BASE}/`, cookie);
    const row = rowOf(page.body, naOnly.council.id);
    expect(row).toContain(
      '<span class="count s-not_applicable"><span aria-hidden="true">–</span> 1 not applicable</span>',
    );
    expect(row).not.toContain("0 pass");
    // The controls it has not reported yet say so, rather than zeros.
    expect(row).toContain('<span aria-hidden="true">·</span> 1 no result yet</span>');
    // A council with a pass still shows its zeros for fail and unknown.
    expect(rowOf(page.body, strict.council.id)).toContain("1 pass");
    expect(rowOf(page.body, strict.council.id)).toContain("0 fail");
  });

  it("the Users page says what to choose in its own words and shows the form again as typed", async () => {
    const noCouncil = await postForm(env.server, `${BASE}/users`, cookie, {
      _csrf: csrf,
      email: "dsfm@parish.example",
      role: "council-manager",
      council: "",
    });
    expect(noCouncil.statusCode).toBe(400);
    expect(noCouncil.body).toContain(
      'role="alert">✘ A Council manager belongs to one council: choose their council in the Council list.</p>',
    );
    expect(noCouncil.body).not.toContain("--council");
    expect(noCouncil.body).toContain('name="email" type="email" required value="dsfm@parish.example"');
    expect(noCouncil.body).toContain('<option value="council-manager" selected>');

    const providerWithCouncil = await postForm(env.server, `${BASE}/users`, cookie, {
      _csrf: csrf,
      email: "tech@provider.example",
      role: "provider-technician",
      council: strict.council.id,
    });
    expect(providerWithCouncil.statusCode).toBe(400);
    expect(providerWithCouncil.body).toContain(
      "A Provider technician sees every council: set Council to &quot;—&quot;, or choose a council role.",
    );
    expect(providerWithCouncil.body).toContain(`<option value="${strict.council.id}" selected>`);

    const made = await postForm(env.server, `${BASE}/users`, cookie, {
      _csrf: csrf,
      email: "dsfm@parish.example",
      role: "council-manager",
      council: strict.council.id,
    });
    expect(made.statusCode).toBe(200);
    const twice = await postForm(env.server, `${BASE}/users`, cookie, {
      _csrf: csrf,
      email: "dsfm@parish.example",
      role: "council-manager",
      council: strict.council.id,
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain(
      "A user dsfm@parish.example already exists. Reset their password in the list below instead.",
    );
    const users = await env.server.ctx.db.kysely
      .selectFrom("dashboard_users")
      .select("email")
      .where("email", "=", "dsfm@parish.example")
      .execute();
    expect(users).toHaveLength(1);
  });

  it("the audit log says who did what to which laptop or council, by name, escaped, without raw ids or JSON", async () => {
    const until = new Date(env.server.ctx.clock.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
    const waived = await postForm(env.server, `${BASE}/devices/${strictDevice}/waivers`, cookie, {
      _csrf: csrf,
      control: "disk-encryption",
      reason: "new laptop on order",
      expires: until,
    });
    expect(waived.statusCode).toBeLessThan(400);
    const log = await getPage(env.server, `${BASE}/audit`, cookie);
    expect(log.statusCode).toBe(200);
    const row =
      /<tr><td data-label="When"><time[^>]*>[^<]*<\/time><\/td><td data-label="Who">admin@provider\.example<\/td><td data-label="Did what">waived a control<\/td>[\s\S]*?<\/tr>/.exec(
        log.body,
      )?.[0] ?? "";
    // The laptop by its hostname (escaped, the right-to-left override shown as its code), and its council by name.
    expect(row).toContain(
      `laptop <a href="${BASE}/devices/${strictDevice}">&lt;b&gt;Clerk&lt;/b&gt;[U+202E]gpj.exe</a>`,
    );
    expect(row).toContain(`council <a href="${BASE}/councils/${strict.council.id}">${strict.council.name}</a>`);
    expect(row).toContain("control: Disk encryption");
    expect(row).toContain("reason: new laptop on order");
    expect(log.body).toMatch(
      /<td data-label="Did what">created a user<\/td><td data-label="To">user dsfm@parish\.example<br><small>council <a [^>]+>[^<]+<\/a><\/small><\/td><td data-label="Detail"><span class="detail">role: Council manager<\/span><\/td>/,
    );
    // No raw ids as text and no JSON: ids appear only inside links.
    const text = log.body.replace(/<[^>]+>/g, " ");
    expect(text).not.toMatch(/\b(dev|cou|tok|wai|usr)_[A-Za-z0-9]+/);
    expect(text).not.toContain("{&quot;");
    expect(log.body).not.toContain("\u202E");
  });

  it("empty states name what works here: a council with no laptop points to Tokens; the verify hint is this collector's command", async () => {
    const empty = await councilWithToken(env);
    const council = await getPage(env.server, `${BASE}/councils/${empty.council.id}`, cookie);
    expect(council.body).toContain(
      `No laptop has enrolled in this council yet. Make an enrolment token on the <a href="${BASE}/tokens">Tokens</a> page`,
    );
    const evidence = await getPage(env.server, `${BASE}/councils/${empty.council.id}/evidence`, cookie);
    expect(evidence.statusCode).toBe(200);
    // Run from this checkout (tsx), so the hint is the checkout's command, not an installed ward-server.
    expect(evidence.body).toContain('<code class="command">npm run -s server -- report verify FILE.pdf</code>');
    expect(evidence.body).not.toContain("ward-server report verify");
  });

  it("the Tokens page says what to choose in its own words (no --uses or --expires), and a stale revoke says the list is current", async () => {
    const tooMany = await postForm(env.server, `${BASE}/tokens`, cookie, {
      _csrf: csrf,
      council: strict.council.id,
      expires: "7d",
      uses: "0",
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain(
      'role="alert">✘ Uses must be a whole number from 1 to 1000: one use per laptop to enrol.</p>',
    );
    const badExpiry = await postForm(env.server, `${BASE}/tokens`, cookie, {
      _csrf: csrf,
      council: strict.council.id,
      expires: "forever",
      uses: "5",
    });
    expect(badExpiry.statusCode).toBe(400);
    expect(badExpiry.body).toContain("Choose how long the token lasts from the Expires after list.");
    for (const res of [tooMany, badExpiry]) expect(res.body).not.toMatch(/--(uses|expires)/);
    const stale = await postForm(env.server, `${BASE}/tokens/tok_nosuchtoken/revoke`, cookie, { _csrf: csrf });
    expect(stale.statusCode).toBe(404);
    expect(stale.body).toContain("That token was already revoked or no longer exists");
    expect(stale.body).not.toContain("ward-server token list");
  });

  it("the API tokens page says what to choose, not '--council ID|NAME or --provider'", async () => {
    const noScope = await postForm(env.server, `${BASE}/api-tokens`, cookie, {
      _csrf: csrf,
      name: "HaloPSA bridge",
      scope: "",
      expires: "90d",
    });
    expect(noScope.statusCode).toBe(400);
    expect(noScope.body).toContain(
      'role="alert">✘ Choose what the token sees from the Sees list: every council, or one council.</p>',
    );
    expect(noScope.body).not.toContain("--provider");
  });
});
