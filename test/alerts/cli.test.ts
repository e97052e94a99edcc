// `ward-server alerts set/show/list/retry`: settings saved and validated, secrets never printed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertsCli } from "../../server/alerts/cli.js";
import { getAlertSettings } from "../../server/alerts/settings-store.js";
import { systemClock } from "../../server/clock.js";
import { connect } from "../../server/db/connect.js";
import { migrateToLatest } from "../../server/db/migrate.js";
import { createCouncil } from "../../server/services/admin.js";

describe("ward-server alerts", () => {
  let dir: string;
  let councilId: string;
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    await alertsCli(["alerts", ...args, "--data-dir", dir], (l) => lines.push(l));
    return lines.join("\n");
  };
  const withDb = async <T>(fn: (db: ReturnType<typeof connect>) => Promise<T>) => {
    const db = connect({ sqliteFile: join(dir, "ward.db") });
    try {
      await migrateToLatest(db);
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "ward-alerts-cli-"));
    councilId = await withDb(
      async (db) => (await createCouncil({ db, clock: systemClock }, "Wellington Town Council")).id,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("saves settings and prints them with the SMTP password and webhook URL hidden", async () => {
    const out = await run(
      "set",
      "--council",
      "Wellington Town Council",
      "--dsfm-email",
      "dsfm@wellington.example",
      "--it-email",
      "support@provider.example",
      "--smtp-url",
      "smtp://ward:hunter2-secret@mail.wellington.example:587",
      "--from",
      "ward@wellington.example",
      "--public-url",
      "https://ward.wellington.example/",
      "--webhook",
      "provider=teams:it:https://provider.webhook.office.com/webhookb2/very-secret-path",
      "--disable-rule",
      "digest",
      "--silence-hours",
      "48",
      "--json",
    );
    expect(out).not.toContain("hunter2-secret");
    expect(out).not.toContain("very-secret-path");
    const printed = JSON.parse(out) as { smtpUrl: string; webhooks: Array<{ url: string }> };
    expect(printed.smtpUrl).toBe("smtp://ward:***@mail.wellington.example:587");
    expect(printed.webhooks[0]?.url).toBe("https://provider.webhook.office.com/***");
    const stored = await withDb((db) => getAlertSettings(db.kysely, councilId));
    expect(stored.smtpUrl).toBe("smtp://ward:hunter2-secret@mail.wellington.example:587"); // stored as given
    expect(stored.publicUrl).toBe("https://ward.wellington.example");
    expect(stored.recipients).toEqual({ dsfm: ["dsfm@wellington.example"], it: ["support@provider.example"] });
    expect([stored.disabledRules, stored.silenceHours]).toEqual([["digest"], 48]);
    expect(await run("show", "--council", councilId)).not.toContain("hunter2-secret");
    // A later set changes only what it names.
    await run("set", "--council", councilId, "--enable-rule", "digest", "--dsfm-email", "none");
    const after = await withDb((db) => getAlertSettings(db.kysely, councilId));
    expect([after.disabledRules, after.recipients.dsfm, after.webhooks.length]).toEqual([[], [], 1]);
    expect(await run("list", "--council", councilId)).toBe("No alerts.");
    expect(await run("retry", "--council", councilId)).toBe("Requeued 0 failed alert(s).");
  });

  it("refuses bad input without echoing a secret", async () => {
    await expect(
      run("set", "--council", councilId, "--webhook", "x=teams:boss:https://hooks.example/secret-1"),
    ).rejects.toThrow(/role/);
    await expect(
      run("set", "--council", councilId, "--webhook", "x=teams:boss:https://hooks.example/secret-1"),
    ).rejects.not.toThrow(/secret-1/);
    await expect(run("set", "--council", councilId, "--smtp-url", "http://mail.example")).rejects.toThrow(/smtp/);
    await expect(run("set", "--council", councilId, "--dsfm-email", "not-an-address")).rejects.toThrow(/recipients/);
    await expect(run("set", "--council", councilId, "--disable-rule", "everything")).rejects.toThrow(/unknown rule/);
    await expect(run("set")).rejects.toThrow(/--council/);
    expect(await run("--help")).toContain("alerts set --council");
  });
});
