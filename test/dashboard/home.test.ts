// The DSFM's home (issue 17 item 2): where a council's people land, one plain sentence, and the to-do by urgency, each
// item in their words (what it means, what to do, who to ask) and one click from its action.
import { afterAll, beforeAll, expect, it } from "vitest";
import { setAlertSettings } from "../../server/alerts/settings-store.js";
import { type Clock, manualClock } from "../../server/clock.js";
import { upsertDeviceAsset } from "../../server/dashboard/asset-store.js";
import { verdict } from "../../server/dashboard/pages/home-view.js";
import { insertWaiver } from "../../server/stores/waiver-store.js";
import type { CheckResult } from "../../shared/schemas/check-result.js";
import { CONTROL_IDS } from "../../shared/schemas/control.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { checkResult, FakeDevice } from "../collector/device.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

// A stick as the agent reports it (the identity of a SanDisk Ultra Fit).
const STICK = {
  vendorId: "0781",
  productId: "5583",
  serial: "4C530001230512113283",
  vendor: "SanDisk",
  model: "Ultra Fit",
};
const usbFail: CheckResult = {
  ...checkResult("usb-storage", "fail"),
  facts: {
    os: "linux",
    listedNow: true,
    problems: [],
    otherRemovable: [],
    historyKnown: null,
    devices: [
      {
        ...STICK,
        label: "SanDisk Ultra Fit",
        sizeBytes: null,
        sizeText: null,
        source: "live",
        firstSeen: "2026-11-25T08:00:00.000Z",
        lastSeen: "2026-11-25T08:00:00.000Z",
        attachedNow: true,
        approval: "not-approved",
        matchedOn: null,
        approvalLabel: null,
        notes: [],
      },
    ],
  },
};
const allPass = () => CONTROL_IDS.map((c) => checkResult(c, "pass"));
const withOne = (r: CheckResult) => allPass().map((p) => (p.control === r.control ? r : p));
const text = (body: string) =>
  body
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

it("the sentence: the DSFM is told what needs them, a viewer what needs attention and from whom", () => {
  const none = { devices: 2, meeting: 2, todo: [] };
  expect(verdict(none)).toBe("All 2 laptops meet the policy; nothing needs you.");
  expect(verdict(none, false)).toBe("All 2 laptops meet the policy; nothing needs attention.");
  const one = { devices: 2, meeting: 1, todo: [{}] } as unknown as Parameters<typeof verdict>[0];
  expect(verdict(one)).toBe("1 of 2 laptops meets the policy; 1 thing needs you.");
  expect(verdict(one, false)).toBe(
    "1 of 2 laptops meets the policy; 1 thing needs attention from the council's manager or IT provider.",
  );
});

describeDialects("the DSFM's home", (dialect) => {
  const clock = manualClock("2026-11-25T09:00:00.000Z");
  let env: TestEnv;
  let councilId = "";
  let cookie = "";
  let viewerCookie = "";
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await newEnv(dialect, { clock: clock as Clock });
    const c = await councilWithToken(env);
    councilId = c.council.id;
    await setAlertSettings(env.server.ctx.db.kysely, councilId, {
      recipients: { dsfm: [], it: ["support@provider.example"] },
    });
    const laptop = async (name: string, results: CheckResult[]) => {
      const d = new FakeDevice();
      d.inventory.hostname = name;
      ids[name] = await enrolAndReport(env.server, c.token.token, d, results, clock.now());
    };
    // SILENT-01 last reported five days ago (the collector records when it received the report).
    clock.set("2026-11-20T09:00:00.000Z");
    await laptop("SILENT-01", allPass());
    clock.set("2026-11-25T09:00:00.000Z");
    await laptop("CLERK-01", allPass());
    await laptop("CLERK-02", withOne(usbFail));
    await laptop("CHAIR-01", withOne(checkResult("disk-encryption", "fail")));
    await laptop("HALL-01", withOne(checkResult("screen-lock", "fail")));
    await upsertDeviceAsset(
      env.server.ctx.db.kysely,
      ids["CLERK-02"]!,
      { asset_number: "WTC-07", assigned_user: "Jane Clerk", location: "Office" },
      "dsfm@council.example",
      clock.now().toISOString(),
    );
    await insertWaiver(env.server.ctx.db.kysely, {
      councilId,
      deviceId: ids["HALL-01"]!,
      control: "screen-lock",
      reason: "Presentation laptop in the chamber",
      approvedBy: "dsfm@council.example",
      expiresAt: new Date("2026-12-01T23:59:59.999Z"),
      now: clock.now(),
    });
    const manager = await readyUser(env.server, `dsfm-${dialect}@council.example`, "council-manager", councilId);
    cookie = (await sessionCookie(env.server, manager.user.id)).cookie;
    const viewer = await readyUser(env.server, `viewer-${dialect}@council.example`, "council-viewer", councilId);
    viewerCookie = (await sessionCookie(env.server, viewer.user.id)).cookie;
  });
  afterAll(async () => env?.close());

  it("a council manager lands on the home; a provider keeps the overview", async () => {
    const landed = await getPage(env.server, `${BASE}/`, cookie);
    expect(landed.headers.location).toBe(`${BASE}/councils/${councilId}/home`);
  });

  it("says in one sentence how many laptops meet the policy and how many things need you", async () => {
    const home = text((await getPage(env.server, `${BASE}/councils/${councilId}/home`, cookie)).body);
    // CLERK-01 passes; HALL-01's fail is waived; CLERK-02 (stick), CHAIR-01 (encryption), SILENT-01 (silent) do not.
    expect(home).toContain("2 of 5 laptops meet the policy; 4 things need you.");
  });

  it("lists the to-do by urgency, each with what it means, what to do, who to ask, and its action", async () => {
    const body = (await getPage(env.server, `${BASE}/councils/${councilId}/home`, cookie)).body;
    const list = body.slice(body.indexOf('<ol class="todo">'), body.indexOf('<p class="home-links">'));
    const items = list
      .split('<li class="todo-item todo-')
      .slice(1)
      .map((part) => [part, part.slice(0, part.indexOf(" ")), part] as const);
    expect(items.map((m) => m[1])).toEqual(["usb", "silent", "fail", "waiver"]);
    const [usb, silent, fail, waiver] = items.map((m) => text(m[2]!));
    expect(usb).toContain(
      "A USB stick the council has not approved was used on CLERK-02: SanDisk Ultra Fit (serial 4C530001230512113283)",
    );
    expect(usb).toContain("What it means: Council data can leave on a memory stick");
    expect(usb).toContain("Who to ask: the laptop's user (Jane Clerk): whose stick it is");
    expect(items[0]![2]).toMatch(/<a class="button" href="\/dashboard\/approve\?t=[^"]+">Approve this stick<\/a>/);
    expect(silent).toContain("SILENT-01 has not reported to Ward for 5 days");
    expect(fail).toContain("Disk encryption is off or not protecting the laptop on CHAIR-01");
    expect(fail).toContain("If this laptop is lost or stolen, anyone could read the council's files on it.");
    expect(fail).toContain("Who to ask: your IT provider (support@provider.example)");
    expect(items[2]![2]).toContain('href="mailto:support@provider.example?subject=Ward%3A%20Disk%20encryption');
    expect(waiver).toContain("The waiver for Screen lock on HALL-01 ends on 2026-12-01");
    expect(items[3]![2]).toContain(`href="${BASE}/devices/${ids["HALL-01"]}?waiver=screen-lock#waiver-form"`);
    const device = await getPage(env.server, `${BASE}/devices/${ids["HALL-01"]}?waiver=screen-lock`, cookie);
    expect(device.body).toContain('<option value="screen-lock" selected>');
  });

  it("a council viewer reads the same list without the approve and waive buttons, worded for what they can do", async () => {
    const body = (await getPage(env.server, `${BASE}/councils/${councilId}/home`, viewerCookie)).body;
    // A viewer cannot act: the sentence says who does, not "need you".
    expect(text(body)).toContain(
      "2 of 5 laptops meet the policy; 4 things need attention from the council's manager or IT provider.",
    );
    expect(text(body)).not.toMatch(/needs? you|To do/);
    expect(text(body)).toContain("Needs attention, most urgent first");
    expect(text(body)).toContain("You can read these; the council's manager or IT provider acts on them.");
    expect(body).not.toContain("/dashboard/approve?");
    expect(body).not.toContain("#waiver-form");
  });

  it("another council's people get the same 404 as a page that is not there", async () => {
    const other = await councilWithToken(env);
    const stranger = await readyUser(env.server, `x-${dialect}@other.example`, "council-manager", other.council.id);
    const s = await sessionCookie(env.server, stranger.user.id);
    expect((await getPage(env.server, `${BASE}/councils/${councilId}/home`, s.cookie)).statusCode).toBe(404);
  });
});
