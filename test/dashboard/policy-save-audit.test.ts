// The single-council policy editor's save and its audit entry are one transaction: when the audit entry cannot be
// written, the policy stays as it was (no change without its entry), and the save answers an error.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Policy } from "../../shared/schemas/policy.js";
import { createCouncil } from "../../server/services/admin.js";
import { describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, postForm, readyUser, sessionCookie } from "./support.js";

const FIELDS = {
  screenLockMaxMinutes: "10",
  requireDiskEncryption: "on",
  checkIntervalMinutes: "15",
  "patch.maxPendingDays": "14",
  "malware.maxSignatureAgeDays": "7",
  "malware.maxScanAgeDays": "7",
  "malware.linux": "clamav",
  "patch.endOfSupport": "",
};

describeDialects("policy editor save and audit in one transaction", (dialect) => {
  let env: TestEnv;
  let admin = { cookie: "", csrf: "" };
  const q = () => env.server.ctx.db.kysely;
  const stored = async (id: string) =>
    Policy.parse(
      JSON.parse(
        (await q().selectFrom("councils").select("policy_json").where("id", "=", id).executeTakeFirstOrThrow())
          .policy_json,
      ),
    );
  const save = async (councilId: string) => {
    const preview = await postForm(env.server, `${BASE}/councils/${councilId}/policy`, admin.cookie, {
      _csrf: admin.csrf,
      baseVersion: "1",
      step: "preview",
      ...FIELDS,
    });
    const previewed = /name="previewed" value="([0-9a-f]+)"/.exec(preview.body)?.[1] ?? "";
    expect(previewed).not.toBe("");
    return postForm(env.server, `${BASE}/councils/${councilId}/policy`, admin.cookie, {
      _csrf: admin.csrf,
      baseVersion: "1",
      step: "save",
      previewed,
      ...FIELDS,
    });
  };

  beforeAll(async () => {
    env = await newEnv(dialect);
    const user = await readyUser(env.server, "admin@provider.example", "provider-admin");
    admin = await sessionCookie(env.server, user.user.id);
  });
  afterAll(async () => env?.close());

  it("a failing audit write leaves the policy unchanged; with the audit log working, the same save lands audited", async () => {
    const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
    const council = await createCouncil(deps, "Wellington Town Council");
    // The audit log refuses new entries (a full disk, a broken table): only policy.update entries, so the session
    // and the council's creation are unaffected.
    if (dialect === "sqlite") {
      await sql`create trigger refuse_policy_audit before insert on audit_log when new.action = 'policy.update'
        begin select raise(abort, 'audit log refused'); end`.execute(q());
    } else {
      await sql`create function refuse_policy_audit() returns trigger language plpgsql as $$
        begin if new.action = 'policy.update' then raise exception 'audit log refused'; end if; return new; end $$`.execute(
        q(),
      );
      await sql`create trigger refuse_policy_audit before insert on audit_log for each row
        execute function refuse_policy_audit()`.execute(q());
    }
    const refused = await save(council.id);
    expect(refused.statusCode).toBe(500);
    const after = await stored(council.id);
    expect([after.version, after.screenLockMaxMinutes]).toEqual([1, 30]);

    await sql`drop trigger refuse_policy_audit${sql.raw(dialect === "sqlite" ? "" : " on audit_log")}`.execute(q());
    const saved = await save(council.id);
    expect(saved.statusCode).toBe(303);
    expect([(await stored(council.id)).version, (await stored(council.id)).screenLockMaxMinutes]).toEqual([2, 10]);
    const rows = await q().selectFrom("audit_log").selectAll().where("action", "=", "policy.update").execute();
    expect(rows.map((r) => [r.target, JSON.parse(r.detail_json).version])).toEqual([[council.id, 2]]);
  });
});
