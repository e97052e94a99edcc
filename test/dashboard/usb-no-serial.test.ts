// Approving a stick with no serial approves every stick of that model: the page says so and the approval needs that confirmed (issue 14.11).
import { afterEach, expect, it } from "vitest";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import { Policy } from "../../shared/schemas/policy.js";
import { findCouncilById } from "../../server/stores/council-store.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, postForm, readyUser, sessionCookie } from "./support.js";

function usbNoSerial(): CheckResult {
  const at = "2026-11-20T08:00:00.000Z";
  const device = {
    vendorId: "0781",
    productId: "5583",
    serial: null,
    vendor: "SanDisk",
    model: "Ultra Fit",
    sizeBytes: null,
    sizeText: null,
    source: "live",
    notes: [],
    key: "0781:5583:",
    firstSeen: at,
    lastSeen: at,
  };
  return {
    control: "usb-storage",
    status: "fail",
    summary: "A USB storage device that the council has not approved was used: SanDisk Ultra Fit.",
    facts: {
      os: "linux",
      listedNow: true,
      problems: [],
      attachedNow: [device.key],
      devices: [device],
      otherRemovable: [],
      historyKnown: null,
    },
    remediation: [],
    clause: null,
    probeErrors: [],
  };
}

describeDialects("approving a stick without a serial", (dialect) => {
  let env: TestEnv | undefined;
  afterEach(async () => env?.close());

  it("names every stick of the model on the page and refuses a one-click approval", async () => {
    env = await newEnv(dialect);
    const { council, token } = await councilWithToken(env);
    await enrolAndReport(env.server, token.token, new FakeDevice(), [usbNoSerial()]);
    const m = await readyUser(env.server, "dsfm@a.example", "council-manager", council.id);
    const s = await sessionCookie(env.server, m.user.id);
    const page = await getPage(env.server, `${BASE}/councils/${council.id}/approvals`, s.cookie);
    expect(page.body).toMatch(/approves <strong>every [^<]*Ultra Fit/);
    const fields = {
      _csrf: s.csrf,
      vendorId: "0781",
      productId: "5583",
      serial: "",
      label: "SanDisk Ultra Fit",
      reason: "Minutes",
    };
    const oneClick = await postForm(env.server, `${BASE}/councils/${council.id}/approvals`, s.cookie, fields);
    expect(oneClick.statusCode).toBe(400);
    const policy = async () =>
      Policy.parse(JSON.parse((await findCouncilById(env!.server.ctx.db.kysely, council.id))!.policy_json));
    expect((await policy()).approvedUsbDevices).toEqual([]);
    const confirmed = await postForm(env.server, `${BASE}/councils/${council.id}/approvals`, s.cookie, {
      ...fields,
      everyOfModel: "1",
    });
    expect(confirmed.statusCode).toBe(303);
    expect((await policy()).approvedUsbDevices.map((a) => a.serial)).toEqual([null]);
  });
});
