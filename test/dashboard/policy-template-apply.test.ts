// Applying a policy template (red team, issue 18 item 1): Apply writes only what its preview showed (a template saved
// again or a council changed since is previewed again, nothing written), and all councils or none, each audited in
// the same transaction as its change.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { audit } from "../../server/dashboard/audit.js";
import type { Database } from "../../server/db/schema.js";
import { updateCouncilPolicy } from "../../server/services/admin.js";
import {
  applyTemplate,
  type PolicyTemplate,
  type PolicyUpdate,
  planTemplate,
} from "../../server/services/council-policy.js";
import { editableOf } from "../../server/services/policy-form.js";
import { findCouncilById } from "../../server/stores/council-store.js";
import { DEFAULT_POLICY, Policy } from "../../shared/schemas/policy.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { applyFrom, BASE, postForm, readyUser, sessionCookie } from "./support.js";

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

describeDialects("applying a policy template", (dialect) => {
  let env: TestEnv;
  let admin = { cookie: "", csrf: "" };
  const q = () => env.server.ctx.db.kysely;
  const policy = async (id: string) => {
    const row = await findCouncilById(q(), id);
    return Policy.parse(JSON.parse(row?.policy_json ?? "null"));
  };
  const updates = (councilId: string) =>
    q()
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "policy.update")
      .where("council_id", "=", councilId)
      .execute();
  const apply = (templateId: string, payload: string) =>
    env.server.app.inject({
      method: "POST",
      url: `${BASE}/policy-templates/${templateId}/apply`,
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload,
    });
  const preview = (templateId: string, councils: string[]) =>
    apply(
      templateId,
      `_csrf=${encodeURIComponent(admin.csrf)}&step=preview&${councils.map((c) => `council=${c}`).join("&")}`,
    );
  const saveTemplate = async (name: string, over: Record<string, string>) => {
    const res = await postForm(env.server, `${BASE}/policy-templates`, admin.cookie, {
      _csrf: admin.csrf,
      name,
      ...fields(over),
    });
    expect(res.statusCode).toBe(200);
    return res;
  };

  beforeAll(async () => {
    env = await newEnv(dialect);
    const p = await readyUser(env.server, "admin@provider.example", "provider-admin");
    admin = await sessionCookie(env.server, p.user.id);
  });
  afterAll(async () => env?.close());

  it("a stale preview's Apply writes nothing and previews again, saying in words what changed since", async () => {
    const a = (await councilWithToken(env)).council;
    const saved = await saveTemplate("Strict 2026", { screenLockMaxMinutes: "5" });
    const tid = /policy-templates\/(tpl_[\w-]+)\/apply/.exec(saved.body)?.[1] ?? "";
    const first = await preview(tid, [a.id]);
    expect(first.body).toContain(`${a.name}: version 1 → 2`);
    // A colleague saves A (version 2, a new clause) through the single editor, from its own preview.
    const colleague = fields({ screenLockMaxMinutes: "45", "clauses.usb-storage": "Policy 7.1 (set by colleague)" });
    const url = `${BASE}/councils/${a.id}/policy`;
    const pv = await postForm(env.server, url, admin.cookie, {
      _csrf: admin.csrf,
      ...colleague,
      baseVersion: "1",
      step: "preview",
    });
    const previewed = /name="previewed" value="([^"]+)"/.exec(pv.body)?.[1] ?? "";
    const edit = { _csrf: admin.csrf, ...colleague, baseVersion: "1", step: "save", previewed };
    expect((await postForm(env.server, url, admin.cookie, edit)).statusCode).toBe(303);
    const stale = await apply(tid, applyFrom(first.body));
    let now = await policy(a.id);
    expect([now.version, now.screenLockMaxMinutes, now.clauses["usb-storage"]]).toEqual([
      2,
      45,
      "Policy 7.1 (set by colleague)",
    ]);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(
      `Nothing was applied. ${a.name}&#39;s policy changed after this preview (it is now version 2).`,
    );
    // The template saved again under a case-different name (same template, weaker values): previewed again too.
    const second = await preview(tid, [a.id]);
    await saveTemplate("strict 2026", { screenLockMaxMinutes: "1440", allowHotspot: "on" });
    const weaker = await apply(tid, applyFrom(second.body));
    expect(weaker.statusCode).toBe(409);
    expect(weaker.body).toContain("The template “strict 2026” was saved again after this preview");
    expect(weaker.body).toContain("locks after at most 1440 minutes idle"); // the new preview shows what it would do
    now = await policy(a.id);
    expect([now.version, now.screenLockMaxMinutes, now.allowHotspot]).toEqual([2, 45, false]);
    expect((await updates(a.id)).filter((r) => JSON.parse(r.detail_json).template)).toEqual([]);
    // Applying from the new preview writes what it showed, from the version it showed.
    const done = await apply(tid, applyFrom(weaker.body));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain(`${a.name}: now version 3`);
    now = await policy(a.id);
    expect([now.version, now.screenLockMaxMinutes, now.allowHotspot]).toEqual([3, 1440, true]);
  });

  it("a council whose policy cannot take the template stops the whole Apply: nothing written, the page says why", async () => {
    const a = (await councilWithToken(env)).council;
    const b = (await councilWithToken(env)).council;
    const saved = await saveTemplate("Lock in 5", { screenLockMaxMinutes: "5" });
    const tid = /policy-templates\/(tpl_[\w-]+)\/apply/.exec(saved.body)?.[1] ?? "";
    const shown = await preview(tid, [a.id, b.id]);
    expect(shown.body).toContain('id="apply-template">Apply: 2 councils change');
    // B's stored policy no longer passes the schema (a hand edit, version unchanged): a 300-character clause.
    const broken = JSON.parse((await findCouncilById(q(), b.id))?.policy_json ?? "{}");
    broken.clauses = { "usb-storage": "x".repeat(300) };
    await q()
      .updateTable("councils")
      .set({ policy_json: JSON.stringify(broken) })
      .where("id", "=", b.id)
      .execute();
    const res = await apply(tid, applyFrom(shown.body));
    expect((await policy(a.id)).version).toBe(1);
    expect(await updates(a.id)).toEqual([]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      `Nothing was applied. ${b.name}: its saved policy does not pass Ward&#39;s checks (clauses → usb-storage must be at most 200 characters)`,
    );
    // Its preview now says so beside the council and offers no Apply.
    const again = await preview(tid, [a.id, b.id]);
    expect(again.body).toContain(`${b.name}: cannot take this template`);
    expect(again.body).not.toContain('id="apply-template"');
    // Without B, A takes it and its audit entry is written with it.
    const onlyA = await apply(tid, applyFrom((await preview(tid, [a.id])).body));
    expect(onlyA.body).toContain(`${a.name}: now version 2`);
    expect((await updates(a.id)).map((r) => JSON.parse(r.detail_json).version)).toEqual([2]);
  });

  it("writes each council's change with its audit entry in one transaction: a fault on the second undoes the first", async () => {
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const [a, b] = [(await councilWithToken(env)).council, (await councilWithToken(env)).council];
    const template: PolicyTemplate = {
      id: "tpl_txn",
      name: "Seven minutes",
      policy: { ...editableOf(DEFAULT_POLICY), screenLockMaxMinutes: 7 },
      savedAt: deps.clock.now().toISOString(),
      savedBy: "admin@provider.example",
    };
    const plans = planTemplate(deps, template, [a, b]).flatMap((p) => ("current" in p ? [p] : []));
    expect(plans.length).toBe(2);
    let written = 0;
    const record = async (trx: Kysely<Database>, u: PolicyUpdate) => {
      await audit(trx, {
        at: deps.clock.now(),
        userId: null,
        actor: "t",
        councilId: u.council.id,
        action: "policy.update",
        ip: "::1",
      });
      if (++written === 2) throw new Error("the disk is full");
    };
    await expect(applyTemplate(deps, template, plans, record)).rejects.toThrow("the disk is full");
    expect([(await policy(a.id)).version, (await policy(b.id)).version]).toEqual([1, 1]);
    expect(await updates(a.id)).toEqual([]);
    // A council changed after the plan (its preview) refuses the whole Apply with a conflict: nothing written.
    await updateCouncilPolicy(deps, b.id, (p) => ({ ...p, screenLockMaxMinutes: 20 }), "id");
    await expect(applyTemplate(deps, template, plans, async () => {})).rejects.toMatchObject({ code: "conflict" });
    expect([(await policy(a.id)).version, (await policy(b.id)).screenLockMaxMinutes]).toEqual([1, 20]);
  });
});
