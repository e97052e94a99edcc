// Launches Debian's chromium through playwright-core (no browser download; this machine has no outside network).
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { describe } from "vitest";

export const CHROMIUM = process.env.WARD_CHROMIUM ?? "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** `describe` where chromium is installed, `describe.skip` where not; in CI its absence is an error (.ci/run installs it). */
export function browserSuite() {
  if (!chromiumAvailable() && process.env.CI === "true") {
    throw new Error(`chromium is missing at ${CHROMIUM}: .ci/run installs it`);
  }
  return describe.skipIf(!chromiumAvailable());
}

/** Headless, sandbox off (root in CI), nothing reaching out; Playwright gives each launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
