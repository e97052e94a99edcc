// Time-based and special rules through the outbox: screen-lock grace, silence, weekly digest, waivers, chain, end of support.
import { afterEach, expect, it } from "vitest";
import { AlertContent } from "../../server/alerts/content.js";
import { DAY_MS } from "../../server/clock.js";
import { insertWaiver } from "../../server/stores/waiver-store.js";
import { describeDialects } from "../collector/harness.js";
import { type AlertTest, alertTest, result } from "./alert-env.js";

const HOUR = 3_600_000;
const SETTINGS = { recipients: { dsfm: ["dsfm@council.example"], it: ["it@provider.example"] } };

describeDialects("time-based alert rules", (dialect) => {
  let t: AlertTest | undefined;
  afterEach(async () => t?.close());

  const rows = async (x: AlertTest) =>
    (await x.outbox())
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.role.localeCompare(b.role))
      .map((r) => ({
        rule: r.rule,
        kind: r.kind,
        role: r.role,
        content: AlertContent.parse(JSON.parse(r.content_json)),
      }));

  it("alerts a screen lock longer than policy only after the grace period, once", async () => {
    t = await alertTest(dialect, SETTINGS);
    await t.full(result("screen-lock", "fail", { clause: "Aspatria IT Policy 2.2.6" }));
    t.clock.advance(HOUR);
    await t.heartbeat();
    await t.alerts.tick();
    expect(await t.outbox()).toHaveLength(0);
    t.clock.advance(23 * HOUR);
    await t.alerts.tick(); // the scheduled sweep finds it past the grace period
    await t.heartbeat(); // and the next report does not add a second
    t.clock.advance(HOUR);
    await t.alerts.tick();
    const got = await rows(t);
    expect(got.map((r) => [r.rule, r.role])).toEqual([
      ["screen-lock", "dsfm"],
      ["screen-lock", "it"],
    ]);
    expect(got[0]?.content.plain.join(" ")).toContain("Aspatria IT Policy 2.2.6");
  });

  it("reports a device silent for 72 hours once, saying it cannot tell why, and notes when it is back", async () => {
    t = await alertTest(dialect, SETTINGS);
    await t.full(result("disk-encryption", "pass"));
    t.clock.advance(71 * HOUR);
    await t.alerts.tick();
    expect(await t.outbox()).toHaveLength(0);
    t.clock.advance(2 * HOUR);
    await t.alerts.tick();
    t.clock.advance(HOUR);
    await t.alerts.tick();
    let got = await rows(t);
    expect(got.map((r) => r.rule)).toEqual(["silence", "silence"]);
    expect(got[0]?.content.plain.join(" ")).toMatch(/cannot tell why.*lost or stolen.*removed.*holiday/);
    await t.heartbeat();
    got = await rows(t);
    expect(got.map((r) => `${r.rule}/${r.kind}`)).toEqual([
      "silence/alert",
      "silence/alert",
      "recovery/resolved",
      "recovery/resolved",
    ]);
  });

  it("sends the weekly digest to the DSFM only, once per week", async () => {
    t = await alertTest(dialect, SETTINGS);
    await t.full(result("disk-encryption", "fail"), result("os-patch", "pass"));
    t.clock.set("2026-11-30T08:05:00.000Z"); // Monday 08:05 UTC
    await t.heartbeat();
    await t.alerts.tick();
    t.clock.advance(HOUR);
    await t.alerts.tick();
    const digests = (await rows(t)).filter((r) => r.rule === "digest");
    expect(digests.map((r) => r.role)).toEqual(["dsfm"]);
    const text = digests[0]?.content.plain.join("\n") ?? "";
    expect(digests[0]?.content.headline).toBe("Weekly summary: 0 of 1 laptops fully compliant");
    expect(text).toContain("clerk-laptop: disk encryption failing since 2026-11-25");
  });

  it("stays silent while a waiver is in force and alerts once it has expired", async () => {
    t = await alertTest(dialect, SETTINGS);
    await insertWaiver(t.env.server.ctx.db.kysely, {
      councilId: t.councilId,
      deviceId: t.device.deviceId,
      control: "disk-encryption",
      reason: "Being re-imaged by the IT provider",
      approvedBy: "dsfm@council.example",
      expiresAt: new Date(t.clock.now().getTime() + DAY_MS),
      now: t.clock.now(),
    });
    await t.full(result("disk-encryption", "fail"));
    await t.heartbeat();
    await t.heartbeat();
    expect(await t.outbox()).toHaveLength(0);
    t.clock.advance(DAY_MS + 1);
    await t.heartbeat();
    expect((await rows(t)).map((r) => r.rule)).toEqual(["disk-encryption", "disk-encryption"]);
  });

  it("sends a broken chain (fork) to the IT provider only, and an unsupported OS at the first report", async () => {
    t = await alertTest(dialect, SETTINGS);
    await t.full(result("os-patch", "fail", { facts: { eos: { status: "ended" } } }));
    const fork = t.device.report({ kind: "heartbeat", resultsHash: "0".repeat(64) }, t.clock.now());
    t.device.seq -= 1; // reuse seq 1 with other content
    fork.seq = 1;
    fork.prevHash = null;
    expect(await t.send(t.device.seal(fork))).toEqual(["rejected"]);
    const got = await rows(t);
    expect(got.map((r) => `${r.rule}/${r.role}`).sort()).toEqual(["chain/it", "os-patch/dsfm", "os-patch/it"]);
    expect(got.find((r) => r.rule === "os-patch")?.content.headline).toBe(
      "The operating system no longer gets security fixes",
    );
    expect(got.find((r) => r.rule === "chain")?.content.headline).toMatch(/cloning/);
  });
});
