// Councils and policies from the dashboard (issue 18 item 1): add a council, edit its whole policy with the schema's
// reasons beside each field, preview in words, save (version + 1, sealed by the collector's key, audited), templates.
import { afterAll, beforeAll, expect, it } from "vitest";
import { open } from "../../shared/crypto/envelope.js";
import { EnrollResponse, PolicyResponse } from "../../shared/schemas/api.js";
import { Policy } from "../../shared/schemas/policy.js";
import { updateCouncilPolicy } from "../../server/services/admin.js";
import { FakeDevice } from "../collector/device.js";
import { bodyOf, describeDialects, get, newEnv, post, type TestEnv } from "../collector/harness.js";
import { applyFrom, BASE, csrfOf, form, getPage, postForm, readyUser, sessionCookie } from "./support.js";

/** The editor's fields as a browser posts them, from a policy's values (checkboxes absent when off). */
function fields(over: Record<string, string> = {}): Record<string, string> {
  return {
    screenLockMaxMinutes: "30",
    requireDiskEncryption: "on",
    checkIntervalMinutes: "15",
    "patch.maxPendingDays": "14",
    "malware.maxSignatureAgeDays": "7",
    "malware.maxScanAgeDays": "7",
    "malware.linux": "clamav",
    "patch.endOfSupport": "",
    ...over,
  };
}

describeDialects("councils and policies in the dashboard", (dialect) => {
  let env: TestEnv;
  let cookie = "";
  let csrf = "";
  let councilId = "";
  const q = () => env.server.ctx.db.kysely;
  const stored = async (id: string) =>
    Policy.parse(
      JSON.parse(
        (await q().selectFrom("councils").select("policy_json").where("id", "=", id).executeTakeFirstOrThrow())
          .policy_json,
      ),
    );
  const auditRows = (action: string) => q().selectFrom("audit_log").selectAll().where("action", "=", action).execute();

  beforeAll(async () => {
    env = await newEnv(dialect);
    const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
    ({ cookie, csrf } = await sessionCookie(env.server, admin.user.id));
  });
  afterAll(async () => env?.close());

  it("adds a council from the form (audited); a bad name comes back beside the field, as typed", async () => {
    const bad = await postForm(env.server, `${BASE}/councils`, cookie, { _csrf: csrf, name: "cou_Wellington" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="cou_Wellington"');
    expect(bad.body).toMatch(/class="field-error" id="council-name-error">✘ A council name cannot start with cou_/);
    const res = await postForm(env.server, `${BASE}/councils`, cookie, {
      _csrf: csrf,
      name: "  Wellington   Town Council ",
    });
    expect(res.statusCode).toBe(303);
    councilId = /councils\/(cou_[\w-]+)\/policy/.exec(String(res.headers.location))?.[1] ?? "";
    const row = await q().selectFrom("councils").selectAll().where("id", "=", councilId).executeTakeFirstOrThrow();
    expect(row.name).toBe("Wellington Town Council");
    expect((await auditRows("council.create")).map((r) => r.target)).toEqual([councilId]);
    const again = await postForm(env.server, `${BASE}/councils`, cookie, {
      _csrf: csrf,
      name: "Wellington Town Council",
    });
    expect([again.statusCode, again.body.includes("already exists")]).toEqual([400, true]);
    const list = await getPage(env.server, `${BASE}/councils`, cookie);
    expect(list.body).toContain("Wellington Town Council");
    expect(list.body).toContain("version 1");
  });

  it("shows the schema's reasons beside each refused field and keeps everything typed; nothing is saved", async () => {
    const res = await postForm(env.server, `${BASE}/councils/${councilId}/policy`, cookie, {
      _csrf: csrf,
      baseVersion: "1",
      step: "preview",
      ...fields({
        screenLockMaxMinutes: "0",
        checkIntervalMinutes: "ten",
        "clauses.disk-encryption": "x".repeat(201),
        "patch.endOfSupport": "windows, windows-11-pro, 23H2, 11/11/2025, Microsoft lifecycle",
      }),
    });
    expect(res.statusCode).toBe(400);
    const err = (id: string) => new RegExp(`id="${id}-error">✘ ([^<]+)<`).exec(res.body)?.[1];
    expect(err("f-screenLockMaxMinutes")).toBe("Must be at least 1.");
    expect(err("f-checkIntervalMinutes")).toBe("Must be a whole number.");
    expect(err("f-clauses-disk-encryption")).toBe("Must be at most 200 characters.");
    expect(err("f-patch-endOfSupport")).toBe("Line 1: the end date (YYYY-MM-DD) must be a date like 2026-10-13.");
    expect(res.body).toContain("4 fields need changing");
    expect(res.body).toContain('value="ten"');
    expect(res.body).toContain("11/11/2025, Microsoft lifecycle</textarea>");
    expect(res.body).toMatch(
      /id="f-screenLockMaxMinutes" name="screenLockMaxMinutes" aria-describedby="[^"]*" aria-invalid="true"/,
    );
    expect((await stored(councilId)).version).toBe(1);
  });

  it("previews the change in words, saves it as the next version (USB approvals kept), seals it for laptops, audits it", async () => {
    // A USB approval made while the provider edits: it must survive the save.
    await updateCouncilPolicy(
      { db: env.server.ctx.db, clock: env.server.ctx.clock },
      councilId,
      (p) => ({
        ...p,
        approvedUsbDevices: [
          {
            vendorId: "0781",
            productId: "558c",
            serial: "4C530001",
            label: "SanDisk",
            approvedBy: "dsfm@wellington.example",
            approvedAt: "2026-12-01T10:00:00.000Z",
          },
        ],
      }),
      "id",
    );
    const typed = fields({
      screenLockMaxMinutes: "10",
      "clauses.disk-encryption": "Wellington IT Policy 4.2.4",
      "patch.endOfSupport": "windows, windows-11-pro, 23H2, 2025-11-11, https://learn.microsoft.com/lifecycle",
    });
    const page = await getPage(env.server, `${BASE}/councils/${councilId}/policy`, cookie);
    const base = /name="baseVersion" value="(\d+)"/.exec(page.body)?.[1] ?? "";
    expect(base).toBe("2");
    const preview = await postForm(env.server, `${BASE}/councils/${councilId}/policy`, cookie, {
      _csrf: csrf,
      baseVersion: base,
      step: "preview",
      ...typed,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("What changes: version 2 → 3");
    expect(preview.body).toContain(
      "<strong>Screen lock</strong>: locks after at most 30 minutes idle → <strong>locks after at most 10 minutes idle</strong>",
    );
    expect(preview.body).toContain(
      "<strong>Council policy clause for Disk encryption</strong>: none → <strong>“Wellington IT Policy 4.2.4”</strong>",
    );
    expect(preview.body).toContain(
      "End of support for windows windows-11-pro 23H2</strong>: Ward&#39;s built-in date → <strong>ends 2025-11-11",
    );
    expect((await stored(councilId)).version).toBe(2);
    const previewed = /name="previewed" value="([0-9a-f]+)"/.exec(preview.body)?.[1] ?? "";
    // The form changed after its preview: previewed again, not saved.
    const changed = await postForm(env.server, `${BASE}/councils/${councilId}/policy`, cookie, {
      _csrf: csrf,
      baseVersion: base,
      step: "save",
      previewed,
      ...typed,
      screenLockMaxMinutes: "5",
    });
    expect(changed.body).toContain("The form changed after its preview");
    expect((await stored(councilId)).version).toBe(2);
    const saved = await postForm(env.server, `${BASE}/councils/${councilId}/policy`, cookie, {
      _csrf: csrf,
      baseVersion: base,
      step: "save",
      previewed,
      ...typed,
    });
    expect(saved.statusCode).toBe(303);
    const p = await stored(councilId);
    expect([p.version, p.screenLockMaxMinutes, p.clauses["disk-encryption"], p.approvedUsbDevices.length]).toEqual([
      3,
      10,
      "Wellington IT Policy 4.2.4",
      1,
    ]);
    expect(p.patch.endOfSupport).toEqual([
      {
        platform: "windows",
        product: "windows-11-pro",
        release: "23H2",
        endOfSupport: "2025-11-11",
        source: "https://learn.microsoft.com/lifecycle",
      },
    ]);
    const [row] = await auditRows("policy.update");
    expect(JSON.parse(row!.detail_json)).toMatchObject({
      version: 3,
      changes: expect.arrayContaining([
        "Screen lock: locks after at most 30 minutes idle → locks after at most 10 minutes idle",
      ]),
    });
    // A laptop of this council gets version 3, sealed with the collector's key (the CLI's path: GET /v1/policy).
    const token = await postForm(env.server, `${BASE}/tokens`, cookie, {
      _csrf: csrf,
      council: councilId,
      expires: "1d",
      uses: "1",
    });
    const wet = /id="new-token">(wet_[\w-]+)</.exec(token.body)?.[1] ?? "";
    const device = new FakeDevice();
    device.deviceId = bodyOf(await post(env, "/v1/enroll", device.enrollBody(wet)), EnrollResponse).deviceId;
    const res = await get(env, "/v1/policy", device.signedHeaders("GET", "/v1/policy", env.server.ctx.clock.now()));
    const sealed = open(bodyOf(res, PolicyResponse).policy, env.server.ctx.key.publicKey, Policy);
    expect([sealed.version, sealed.screenLockMaxMinutes]).toEqual([3, 10]);
    // Saving on a policy that moved on since the form was drawn is refused and previewed against the new one.
    const stale = await postForm(env.server, `${BASE}/councils/${councilId}/policy`, cookie, {
      _csrf: csrf,
      baseVersion: "2",
      step: "save",
      previewed,
      ...typed,
    });
    expect(stale.body).toContain("The policy changed while you edited it (it is now version 3)");
    expect((await stored(councilId)).version).toBe(3);
  });

  it("saves a template and applies it to two councils: each version + 1, each audited; one that matches is left", async () => {
    const other = await postForm(env.server, `${BASE}/councils`, cookie, { _csrf: csrf, name: "Ashby Parish Council" });
    const otherId = /councils\/(cou_[\w-]+)\/policy/.exec(String(other.headers.location))?.[1] ?? "";
    const save = await postForm(env.server, `${BASE}/policy-templates`, cookie, {
      _csrf: csrf,
      name: "Town councils 2026",
      ...fields({ screenLockMaxMinutes: "15", "clauses.usb-storage": "IT Policy 6.1" }),
    });
    expect(save.statusCode).toBe(200);
    expect(save.body).toContain("Template “Town councils 2026” saved.");
    const tplId = /policy-templates\/(tpl_[\w-]+)\/apply/.exec(save.body)?.[1] ?? "";
    const url = `${BASE}/policy-templates/${tplId}/apply`;
    const body = (step: string) => `${form({ _csrf: csrf, step })}&council=${councilId}&council=${otherId}`;
    const inject = (payload: string) =>
      env.server.app.inject({
        method: "POST",
        url,
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        payload,
      });
    const preview = await inject(body("preview"));
    expect(preview.body).toContain("Wellington Town Council: version 3 → 4");
    expect(preview.body).toContain("Ashby Parish Council: version 1 → 2");
    expect(preview.body).toContain("locks after at most 10 minutes idle → <strong>locks after at most 15 minutes idle");
    expect((await stored(otherId)).version).toBe(1);
    const applied = await inject(applyFrom(preview.body));
    expect(applied.body).toContain("Wellington Town Council: now version 4");
    expect(applied.body).toContain("Ashby Parish Council: now version 2");
    const [a, b] = [await stored(councilId), await stored(otherId)];
    expect([
      a.screenLockMaxMinutes,
      b.screenLockMaxMinutes,
      a.clauses["usb-storage"],
      b.clauses["usb-storage"],
    ]).toEqual([15, 15, "IT Policy 6.1", "IT Policy 6.1"]);
    expect(a.approvedUsbDevices.length).toBe(1); // the council's own approvals stay
    const rows = (await auditRows("policy.update")).filter(
      (r) => JSON.parse(r.detail_json).template === "Town councils 2026",
    );
    expect(rows.map((r) => r.council_id).sort()).toEqual([councilId, otherId].sort());
    const twice = await inject(applyFrom((await inject(body("preview"))).body));
    expect(twice.body).toContain("Ashby Parish Council: already matched, left as it is");
    expect((await stored(otherId)).version).toBe(2);
    const log = await getPage(env.server, `${BASE}/audit`, cookie);
    expect(log.body).toContain("changed a council&#39;s policy");
    expect(log.body).toContain("saved a policy template");
  });

  it("is the provider admin's alone: a technician and a council manager are refused", async () => {
    for (const [email, role, council] of [
      ["tech@provider.example", "provider-technician", undefined],
      ["dsfm@wellington.example", "council-manager", councilId],
    ] as const) {
      const u = await readyUser(env.server, email, role, council);
      const s = await sessionCookie(env.server, u.user.id);
      expect((await getPage(env.server, `${BASE}/councils/${councilId}/policy`, s.cookie)).statusCode).toBe(403);
      const res = await postForm(env.server, `${BASE}/councils`, s.cookie, { _csrf: s.csrf, name: "Sneaky Council" });
      expect(res.statusCode).toBe(403);
      expect((await getPage(env.server, `${BASE}/policy-templates`, s.cookie)).statusCode).toBe(403);
    }
    expect(csrfOf((await getPage(env.server, `${BASE}/councils`, cookie)).body)).toBe(csrf);
  });
});
