// Red-team regression: a symlink dropped into dist/ with a package's name never serves the file it points to.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listPackages } from "../../server/packages/agent-packages.js";
import { newEnv, type TestEnv } from "../collector/harness.js";

let env: TestEnv;
const root = mkdtempSync(join(tmpdir(), "ward-dist-link-"));
const dist = join(root, "dist");
const secret = join(root, "ward.sqlite");

beforeAll(async () => {
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dist);
  writeFileSync(secret, "SECRET SIGNING KEY");
  writeFileSync(join(dist, "ward-agent.msi"), "a real msi");
  symlinkSync(secret, join(dist, "ward-agent_9.9.9_amd64.deb"));
  symlinkSync(secret, join(dist, "ward-agent-9.9.9-1.x86_64.rpm"));
  env = await newEnv("sqlite", { config: { publicUrl: "https://ward.example/", distDir: dist } });
});
afterAll(async () => {
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

it("answers 404 for a package name that is a symlink, and serves the regular file beside it", async () => {
  for (const name of ["ward-agent_9.9.9_amd64.deb", "ward-agent-9.9.9-1.x86_64.rpm"]) {
    const got = await env.server.app.inject({ method: "GET", url: `/downloads/${name}` });
    expect(got.statusCode).toBe(404);
    expect(got.body).not.toContain("SECRET");
  }
  const msi = await env.server.app.inject({ method: "GET", url: "/downloads/ward-agent.msi" });
  expect(msi.statusCode).toBe(200);
  expect(msi.body).toBe("a real msi");
});

it("does not offer a symlinked package on the enrolment page's list", async () => {
  const found = await listPackages(dist);
  expect([...found.keys()]).toEqual(["msi"]);
});
