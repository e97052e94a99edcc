// The approvals page and the agent give one answer for a stick with no serial: both use shared/controls/usb-approval.ts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { approvalFor } from "../../agent/checks/usb-storage/match.js";
import { Policy } from "../../shared/schemas/policy.js";
import { approveUsb, revokeUsb } from "../../server/dashboard/approvals.js";
import { findCouncilById } from "../../server/stores/council-store.js";
import { councilWithToken, newEnv, type TestEnv } from "../collector/harness.js";
import { FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";
import { usbFail } from "./usb-results.js";

// A real no-serial stick (LG FlashDrive, USB id 0ea0:2168), as the agent reports it.
const STICK = { vendorId: "0ea0", productId: "2168", serial: null };

let env: TestEnv;
let councilId = "";
let cookie = "";

beforeAll(async () => {
  env = await newEnv("sqlite");
  const c = await councilWithToken(env);
  councilId = c.council.id;
  await enrolAndReport(env.server, c.token.token, new FakeDevice(), [
    usbFail({
      ...STICK,
      vendor: "LG",
      model: "FlashDrive",
      label: "LG FlashDrive — USB id 0ea0:2168, no serial number",
    }),
  ]);
  const manager = await readyUser(env.server, "dsfm@agree.example", "council-manager", councilId);
  cookie = (await sessionCookie(env.server, manager.user.id)).cookie;
});
afterAll(async () => env?.close());

async function pageAndAgent() {
  const council = await findCouncilById(env.server.ctx.db.kysely, councilId);
  const policy = Policy.parse(JSON.parse(council!.policy_json));
  const page = await getPage(env.server, `${BASE}/councils/${councilId}/approvals`, cookie);
  const row = /<tr class="usb-row">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? "";
  return { row, agent: approvalFor(STICK, policy.approvedUsbDevices).status };
}

it("an approval of one serial covers neither on the page nor on the laptop; an any-serial approval covers both", async () => {
  const deps = { db: env.server.ctx.db, clock: env.server.ctx.clock };
  await approveUsb(deps, councilId, { ...STICK, serial: "ANY-SERIAL" }, "Someone's stick", "dsfm@agree.example");
  const one = await pageAndAgent();
  expect(one.row).toContain("✘ Not approved");
  // The stick has no serial: the offer names every stick of its model (issue 14.11).
  expect(one.row).toMatch(/Approve every [^<]*<\/button>/);
  expect(one.agent).toBe("not-approved");

  await revokeUsb(deps, councilId, { ...STICK, serial: "ANY-SERIAL" });
  await approveUsb(deps, councilId, STICK, "Minutes stick", "dsfm@agree.example");
  const any = await pageAndAgent();
  expect(any.row).toContain("✔ Approved");
  expect(any.row).not.toMatch(/Approve[^<]*<\/button>/);
  expect(any.agent).toBe("approved");
});
