// Browser-test set-up: a collector on a free local port with its own data folder, a signed-in page, and the tear-down.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { silentLogger } from "../../../shared/logger.js";
import type { Clock } from "../../../server/clock.js";
import { loadServerConfig } from "../../../server/config/config.js";
import { type RunningServer, startServer } from "../../../server/main.js";
import { freePort } from "../../support/postgres.js";

/** A collector on 127.0.0.1 at a free port, its data in a new temporary folder from `prefix` (gone if it fails). */
export async function startBrowserServer(prefix: string, clock?: Clock) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const flags = { dataDir, port: await freePort(), host: "127.0.0.1" };
    const server = await startServer(loadServerConfig({ flags }), {
      logger: silentLogger,
      processMetrics: false,
      ...(clock ? { clock } : {}),
    });
    return { server, dataDir };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/** Closes the browser and the collector and removes the data folder (any of them may not have started). */
export async function stopBrowserServer(
  browser: Browser | undefined,
  server: RunningServer | undefined,
  dataDir: string,
) {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/**
 * A new browser context at `viewport` holding the session cookie for `server`, and its page. With `seen`, the page's
 * dialogs (dismissed) and Content Security Policy console errors are recorded there.
 */
export async function signedInPage(
  browser: Browser,
  server: RunningServer,
  cookie: string,
  viewport: { width: number; height: number },
  seen?: { dialogs: string[]; cspErrors: string[] },
): Promise<[BrowserContext, Page]> {
  const ctx = await browser.newContext({ viewport });
  const [name, value] = cookie.split("=") as [string, string];
  await ctx.addCookies([{ name, value, url: server.url }]);
  const page = await ctx.newPage();
  if (seen) {
    page.on("dialog", (d) => {
      seen.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) seen.cspErrors.push(m.text());
    });
  }
  return [ctx, page];
}
