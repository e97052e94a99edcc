// The DSFM (and a council viewer) reach the device list from the navigation, and it shows their council only: another
// council named in the address answers 404, and the CSV holds only their devices.
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkResult, FakeDevice } from "../collector/device.js";
import { councilWithToken, describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, enrolAndReport, getPage, readyUser, sessionCookie } from "./support.js";

const navOf = (body: string) => /<nav id="main-nav" aria-label="Main">[\s\S]*?<\/nav>/.exec(body)?.[0] ?? "";

describeDialects("the device list in the DSFM's navigation", (dialect) => {
  let env: TestEnv;
  let a: Awaited<ReturnType<typeof councilWithToken>>;
  let b: Awaited<ReturnType<typeof councilWithToken>>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    env = await newEnv(dialect);
    a = await councilWithToken(env);
    b = await councilWithToken(env);
    for (const [council, host] of [
      [a, "OURS-CLERK-LT"],
      [a, "OURS-RFO-LT"],
      [b, "THEIRS-CLERK-LT"],
    ] as const) {
      const d = new FakeDevice();
      d.inventory.hostname = host;
      await enrolAndReport(env.server, council.token.token, d, [checkResult("disk-encryption", "fail")]);
    }
    for (const [role, council] of [
      ["council-manager", a.council.id],
      ["council-viewer", a.council.id],
      ["provider-admin", undefined],
    ] as const) {
      const u = await readyUser(env.server, `${role}@nav.example`, role, council);
      cookies[role] = (await sessionCookie(env.server, u.user.id)).cookie;
    }
  });
  afterAll(async () => env?.close());

  it("council roles get a Laptops link (their device list) on every page; the provider keeps All devices", async () => {
    for (const role of ["council-manager", "council-viewer"]) {
      const home = await getPage(env.server, `${BASE}/councils/${a.council.id}/home`, cookies[role]!);
      expect(home.statusCode).toBe(200);
      expect(navOf(home.body)).toContain(`<a href="${BASE}/devices">Laptops</a>`);
      expect(navOf(home.body)).not.toContain("All devices");
    }
    const overview = await getPage(env.server, `${BASE}/`, cookies["provider-admin"]!);
    expect(navOf(overview.body)).toContain(`<a href="${BASE}/devices">All devices</a>`);
    expect(navOf(overview.body)).not.toContain(">Laptops<");
  });

  it("the link's page shows their council's devices only, and another council answers 404", async () => {
    for (const role of ["council-manager", "council-viewer"]) {
      const list = await getPage(env.server, `${BASE}/devices`, cookies[role]!);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain("OURS-CLERK-LT");
      expect(list.body).toContain("OURS-RFO-LT");
      expect(list.body).not.toContain("THEIRS-CLERK-LT");
      expect(list.body).not.toContain(b.council.name);
      expect((await getPage(env.server, `${BASE}/devices?council=${b.council.id}`, cookies[role]!)).statusCode).toBe(
        404,
      );
      expect((await getPage(env.server, `${BASE}/devices?q=THEIRS`, cookies[role]!)).body).not.toContain(
        "THEIRS-CLERK-LT",
      );
      const csv = await getPage(env.server, `${BASE}/devices.csv`, cookies[role]!);
      expect(csv.body).toContain("OURS-CLERK-LT");
      expect(csv.body).not.toContain("THEIRS-CLERK-LT");
      expect(
        (await getPage(env.server, `${BASE}/devices.csv?council=${b.council.id}`, cookies[role]!)).statusCode,
      ).toBe(404);
    }
  });
});
