// The collector's systemd unit passes systemd-analyze (verify with empty stderr, and an "OK" exposure score); the
// Dockerfile runs the same start command. The image itself is not built here (no Docker daemon).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INSTALLERS_DIR } from "../lib/paths.js";
import { run } from "../lib/run.js";

const unit = join(INSTALLERS_DIR, "collector", "ward-collector.service");

describe("ward-collector.service", () => {
  it("verifies cleanly", () => {
    const r = run("systemd-analyze", ["verify", unit], { okCodes: [0, 1] });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
  it("scores as well hardened (exposure below 5)", () => {
    const out = run("systemd-analyze", ["security", "--offline=true", "--no-pager", unit]).stdout;
    const score = Number(/Overall exposure level for ward-collector\.service: ([\d.]+)/.exec(out)?.[1]);
    expect(score).toBeLessThan(5);
  });
  it("runs the built collector with Node itself, bounded stop", () => {
    const text = readFileSync(unit, "utf8");
    expect(text).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/ward\/dist\/collector\/ward-server\.mjs start /m);
    expect(text).not.toMatch(/tsx|npx/);
    expect(text).toMatch(/^TimeoutStopSec=20$/m);
  });
  it("listens on loopback only, behind the reverse proxy", () => {
    expect(readFileSync(unit, "utf8")).toMatch(
      /^ExecStart=.* start --data-dir \/var\/lib\/ward-collector --host 127\.0\.0\.1 --port 8080 --trust-proxy 127\.0\.0\.1,::1$/m,
    );
  });
});

describe("Dockerfile", () => {
  it("starts the collector on its data volume as the unprivileged node user", () => {
    const text = readFileSync(join(INSTALLERS_DIR, "collector", "Dockerfile"), "utf8");
    expect(text).toMatch(/^FROM node:24-/m);
    expect(text).toMatch(/^USER node$/m);
    // The built collector run by Node itself: no npx/tsx parent between the signal and the server.
    expect(text).toContain('CMD ["node", "dist/collector/ward-server.mjs", "start", "--data-dir", "/data"');
    expect(text).toMatch(/^RUN npm run -s build:collector$/m);
  });
});
