// Enrolment ready to paste (issue 18 item 3): the token page's commands carry the collector's configured address and
// the token; packages come from the collector's dist/ with their SHA-256; a missing one says how to build it.
// The package files here are small stand-ins written by the test (the route serves bytes; it parses nothing).
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parsePlist } from "../../installers/test/plist.js";
import { describeDialects, newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, getPage, postForm, readyUser, sessionCookie } from "./support.js";

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
const box = (body: string, id: string) =>
  decode(new RegExp(`<pre id="${id}"[^>]*>([^<]*)</pre>`).exec(body)?.[1] ?? "");

describeDialects(
  "enrolment commands on the tokens page",
  (dialect) => {
    let env: TestEnv;
    let bare: TestEnv;
    const dist = mkdtempSync(join(tmpdir(), "ward-dist-"));
    const msi = Buffer.from("stand-in MSI bytes\n");
    const deb = Buffer.from("stand-in deb bytes\n");
    let cookie = "";
    let csrf = "";
    let councilId = "";

    beforeAll(async () => {
      writeFileSync(join(dist, "ward-agent.msi"), msi);
      writeFileSync(join(dist, "ward-agent_0.1.0_amd64.deb"), deb);
      writeFileSync(join(dist, "SHA256SUMS"), "not a package\n");
      env = await newEnv(dialect, { config: { publicUrl: "https://ward.example-it.co.uk/", distDir: dist } });
      const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
      ({ cookie, csrf } = await sessionCookie(env.server, admin.user.id));
      const created = await postForm(env.server, `${BASE}/councils`, cookie, { _csrf: csrf, name: "Wellington" });
      councilId = /councils\/(cou_[\w-]+)\//.exec(String(created.headers.location))?.[1] ?? "";
      bare = await newEnv(dialect, { config: { distDir: join(dist, "nothing-here") } });
    });
    afterAll(async () => {
      await env?.close();
      await bare?.close();
      rmSync(dist, { recursive: true, force: true });
    });

    const newToken = async (e: TestEnv, c: string, s: string, council: string) => {
      const res = await postForm(e.server, `${BASE}/tokens`, c, { _csrf: s, council, expires: "1d", uses: "3" });
      expect(res.statusCode).toBe(200);
      return { body: res.body, token: /id="new-token">(wet_[\w-]+)</.exec(res.body)?.[1] ?? "" };
    };

    it("fills in the configured address and the token: msiexec, Intune, deb, rpm, ward enroll", async () => {
      const { body, token } = await newToken(env, cookie, csrf, councilId);
      const url = "https://ward.example-it.co.uk";
      expect(body).toContain(`<strong id="public-url">${url}</strong>`);
      expect(box(body, "cmd-msiexec")).toBe(`msiexec /i ward-agent.msi /qn SERVER_URL=${url} ENROLL_TOKEN=${token}`);
      expect(box(body, "cmd-intune-install")).toBe(box(body, "cmd-msiexec"));
      expect(box(body, "cmd-intune-detect")).toContain("Path: %ProgramFiles%\\Ward   File or folder: ward.exe");
      expect(box(body, "cmd-deb")).toBe(
        `curl -fsSLO ${url}/downloads/ward-agent_0.1.0_amd64.deb\nsudo SERVER_URL=${url} ENROLL_TOKEN=${token} apt install ./ward-agent_0.1.0_amd64.deb`,
      );
      expect(box(body, "cmd-rpm")).toContain(`sudo SERVER_URL=${url} ENROLL_TOKEN=${token} dnf install ./ward-agent-`);
      expect(box(body, "cmd-ward-enroll")).toBe(`ward enroll --server ${url} --token ${token}`);
      expect(body).not.toContain("--server URL");
    });

    it("shows each built package with its SHA-256 and serves only known package files, as attachments", async () => {
      const { body } = await newToken(env, cookie, csrf, councilId);
      expect(body).toMatch(new RegExp(`id="package-msi">[\\s\\S]*?<code class="sha256">${sha(msi)}</code>`));
      expect(body).toMatch(new RegExp(`id="package-deb">[\\s\\S]*?<code class="sha256">${sha(deb)}</code>`));
      expect(body).toContain(
        "RHEL and Fedora package (.rpm): not built on this collector (no ward-agent-0.1.0-1.x86_64.rpm",
      );
      expect(body).toContain("Build it: <code>npm run build:agent &amp;&amp; npm run build:installers</code>");
      expect(body).toContain("macOS installer package (.pkg): not built");
      expect(body).toContain("installers/macos/build-pkg.sh");
      const got = await env.server.app.inject({ method: "GET", url: "/downloads/ward-agent.msi" });
      expect([got.statusCode, got.headers["content-disposition"], sha(got.rawPayload)]).toEqual([
        200,
        'attachment; filename="ward-agent.msi"',
        sha(msi),
      ]);
      for (const path of ["SHA256SUMS", "..%2Fpackage.json", "%2Fetc%2Fpasswd", "ward-agent.msi.bak", "x.deb"]) {
        expect((await env.server.app.inject({ method: "GET", url: `/downloads/${path}` })).statusCode).toBe(404);
      }
      // A rebuilt package (new size and time) gets its new hash; the unchanged one is read from the cache.
      const rebuilt = Buffer.from("a rebuilt, longer stand-in MSI\n");
      writeFileSync(join(dist, "ward-agent.msi"), rebuilt);
      const again = await newToken(env, cookie, csrf, councilId);
      expect(again.body).toContain(sha(rebuilt));
      expect(again.body).not.toContain(sha(msi));
    });

    it("offers the macOS profile with the address and the token, only for a live token", async () => {
      const { token } = await newToken(env, cookie, csrf, councilId);
      const res = await postForm(env.server, `${BASE}/tokens/mobileconfig`, cookie, { _csrf: csrf, token });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-disposition"]).toBe('attachment; filename="ward.mobileconfig"');
      const profile = parsePlist(res.body) as { PayloadContent: Array<Record<string, string>> };
      expect(profile.PayloadContent[0]).toMatchObject({
        PayloadType: "org.ward.agent",
        ServerUrl: "https://ward.example-it.co.uk",
        EnrollToken: token,
      });
      const logged = await env.server.ctx.db.kysely
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "token.mobileconfig")
        .execute();
      expect(logged.map((r) => r.council_id)).toEqual([councilId]);
      const made = `wet_${"A".repeat(43)}`;
      const refused = await postForm(env.server, `${BASE}/tokens/mobileconfig`, cookie, { _csrf: csrf, token: made });
      expect(refused.statusCode).toBe(404);
    });

    it("without a configured address, says so and how to set it; without packages, says none is built", async () => {
      const admin = await readyUser(bare.server, "admin@provider.example", "provider-admin");
      const s = await sessionCookie(bare.server, admin.user.id);
      const c = await postForm(bare.server, `${BASE}/councils`, s.cookie, { _csrf: s.csrf, name: "Ashby" });
      const id = /councils\/(cou_[\w-]+)\//.exec(String(c.headers.location))?.[1] ?? "";
      const { body, token } = await newToken(bare, s.cookie, s.csrf, id);
      expect(body).toContain("This collector has no public address set");
      expect(body).toContain(
        "--public-url https://ward.example.org</code>, or <code>WARD_PUBLIC_URL=https://ward.example.org",
      );
      expect(box(body, "cmd-msiexec")).toBe(
        `msiexec /i ward-agent.msi /qn SERVER_URL=https://YOUR-COLLECTOR ENROLL_TOKEN=${token}`,
      );
      expect(body).toContain("Windows installer (MSI): not built on this collector");
      const profile = await postForm(bare.server, `${BASE}/tokens/mobileconfig`, s.cookie, { _csrf: s.csrf, token });
      expect([profile.statusCode, profile.body.includes("no public address set")]).toEqual([400, true]);
      expect((await getPage(bare.server, "/downloads/ward-agent.msi", "")).statusCode).toBe(404);
    });
  },
  ["sqlite"],
);
