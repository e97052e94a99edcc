// `ward-server user …`: create with a one-time password and TOTP URI, list, reset, disable, and usage errors.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/dashboard/auth/password.js";
import { findUserByEmail } from "../../server/dashboard/auth/user-store.js";
import { userCli } from "../../server/dashboard/cli.js";
import { connect } from "../../server/db/connect.js";
import { migrateToLatest } from "../../server/db/migrate.js";
import { createCouncil } from "../../server/services/admin.js";
import { systemClock } from "../../server/clock.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await userCli(["user", ...argv, "--data-dir", dir], (l) => lines.push(l));
  return lines;
}

describe("ward-server user", () => {
  it("creates users, prints the credentials once, lists, resets and disables them", async () => {
    dir = mkdtempSync(join(tmpdir(), "ward-user-cli-"));
    const db = connect({ sqliteFile: join(dir, "ward.db") });
    await migrateToLatest(db);
    const council = await createCouncil({ db, clock: systemClock }, "Wellington Town Council");
    await db.close();

    const [json] = await run("create", "--email", "IT@Provider.example", "--role", "provider-admin", "--json");
    const created = JSON.parse(json!) as Record<string, unknown> & { email: string; password: string };
    expect(created.email).toBe("it@provider.example");
    // The second factor is the user's alone: the provider never sees a TOTP secret (issue 14.12).
    expect(Object.keys(created)).not.toContain("otpauthUri");
    expect(json).not.toMatch(/otpauth|secret/i);
    const text = await run(
      "create",
      "--email",
      "dsfm@wellington.example",
      "--role",
      "council-manager",
      "--council",
      "Wellington Town Council",
    );
    expect(text.join("\n")).toContain("One-time password");

    const check = connect({ sqliteFile: join(dir, "ward.db") });
    const stored = await findUserByEmail(check.kysely, "it@provider.example");
    expect(stored?.password_hash.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword(created.password, stored!.password_hash)).toBe(true);
    expect((await findUserByEmail(check.kysely, "dsfm@wellington.example"))?.council_id).toBe(council.id);
    await check.close();

    expect((await run("list")).join("\n")).toMatch(/dsfm@wellington\.example\tcouncil-manager/);
    const [reset] = await run("reset", "--email", "it@provider.example", "--json");
    expect((JSON.parse(reset!) as { password: string }).password).not.toBe(created.password);
    expect(await run("disable", "--email", "dsfm@wellington.example")).toEqual(["Disabled dsfm@wellington.example"]);
    // A reset keeps a disabled account disabled; only `user enable` brings it back.
    const [again] = await run("reset", "--email", "dsfm@wellington.example", "--json");
    expect(JSON.parse(again!)).toMatchObject({ disabled: true });
    expect((await run("list")).join("\n")).toMatch(/dsfm@wellington\.example\t.*\tdisabled/);
    expect(await run("enable", "--email", "dsfm@wellington.example")).toEqual(["Enabled dsfm@wellington.example"]);
    expect((await run("list")).join("\n")).not.toMatch(/disabled/);
  });

  it("refuses a bad role, a council role without a council, a provider role with one, and a duplicate", async () => {
    dir = mkdtempSync(join(tmpdir(), "ward-user-cli-"));
    await expect(run("create", "--email", "a@b.example", "--role", "boss")).rejects.toThrow(/--role must be one of/);
    await expect(run("create", "--email", "a@b.example", "--role", "council-viewer")).rejects.toThrow(/--council/);
    await expect(
      run("create", "--email", "a@b.example", "--role", "provider-technician", "--council", "x"),
    ).rejects.toThrow(/do not give --council/);
    await expect(run("create", "--email", "not-an-email", "--role", "provider-admin")).rejects.toThrow(/not an email/);
    await run("create", "--email", "a@b.example", "--role", "provider-admin");
    await expect(run("create", "--email", "A@b.example", "--role", "provider-admin")).rejects.toThrow(/already exists/);
  });
});
