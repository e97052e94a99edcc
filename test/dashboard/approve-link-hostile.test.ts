// Red-team regression: a stick the laptop reports with an empty serial or upper-case ids never breaks the DSFM's
// pages or the laptop's alerts (the approve link for it approves the model, as the shared rule reads "no serial").
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Clock, manualClock } from "../../server/clock.js";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { sticksToApprove } from "../../server/services/approve-link.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";
import { seenStick, usbFacts } from "./usb-results.js";

const stick = (serial: string | null, vendorId = "0781", productId = "5583") =>
  seenStick({ vendorId, productId, serial, vendor: "SanDisk", model: "Ultra Fit" });
const facts = (...devices: ReturnType<typeof stick>[]) => usbFacts(devices);
const fail = (control: string, f: unknown): CheckResult =>
  ({
    control,
    status: "fail",
    summary: "Fails.",
    facts: f,
    remediation: [],
    clause: null,
    probeErrors: [],
  }) as CheckResult;

const clock = manualClock("2026-11-25T09:00:00.000Z");
let env: TestEnv;
let councilId = "";
let deviceId = "";
afterAll(async () => env?.close());
beforeAll(async () => {
  env = await newEnv("sqlite", { clock: clock as Clock });
  const c = await councilWithToken(env);
  councilId = c.council.id;
  await setAlertSettings(env.server.ctx.db.kysely, councilId, {
    recipients: { dsfm: ["dsfm@council.example"], it: [] },
    publicUrl: "https://ward.council.example",
  });
  const device = new FakeDevice();
  const results = [fail("usb-storage", facts(stick(""))), fail("disk-encryption", { os: "linux" })];
  deviceId = await enrolAndReport(env.server, c.token.token, device, results, clock.now());
  clock.advance(3_600_000);
  const again = await env.server.app.inject({
    method: "POST",
    url: "/v1/reports",
    payload: { deviceId, envelopes: [device.full(results, clock.now())] },
  });
  expect(again.statusCode).toBe(200);
});

it("reads an empty serial as no serial and skips ids that cannot be signed, never throwing", () => {
  expect(sticksToApprove(facts(stick("")), [])).toMatchObject([{ serial: null, vendorId: "0781" }]);
  expect(sticksToApprove(facts(stick("  ", "0781", "5583")), [])).toMatchObject([{ serial: null }]);
  expect(sticksToApprove(facts(stick("A1", "zz", "5583"), stick("x".repeat(300))), [])).toEqual([]);
});

it("the DSFM's home and the laptop's page still open", async () => {
  const dsfm = await readyUser(env.server, "dsfm@council.example", "council-manager", councilId);
  const s = await sessionCookie(env.server, dsfm.user.id);
  expect((await getPage(env.server, `${BASE}/councils/${councilId}/home`, s.cookie)).statusCode).toBe(200);
  const device = await getPage(env.server, `${BASE}/devices/${deviceId}`, s.cookie);
  expect(device.statusCode).toBe(200);
  expect(device.body).toContain("Approve every one of these");
});

it("the laptop's alerts are not lost", async () => {
  const rows = await env.server.ctx.db.kysely
    .selectFrom("alert_outbox")
    .select("content_json")
    .where("device_id", "=", deviceId)
    .execute();
  const contents = rows.map((r) => JSON.parse(r.content_json) as { rule: string; approve?: { url: string }[] });
  expect(contents.map((c) => c.rule.split(".")[0]).sort()).toEqual(
    expect.arrayContaining([expect.stringMatching(/^disk-encryption/), expect.stringMatching(/^usb-storage/)]),
  );
  const usb = contents.find((c) => c.approve);
  expect(usb?.approve).toHaveLength(1);
});
