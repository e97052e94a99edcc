// Browser-test set-up: a collector on a local port with its own data folder, a (signed-in) page, and the tear-down.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { silentLogger } from "../../../shared/logger.js";
import type { Clock } from "../../../server/clock.js";
import { loadServerConfig } from "../../../server/config/config.js";
import { type RunningServer, startServer } from "../../../server/main.js";
import { freePort } from "../../support/postgres.js";

/** What a browser test may set on its collector: a clock, a port chosen beforehand, more flags (given the data folder). */
export interface BrowserServerOptions {
  clock?: Clock;
  /** A port the test picked already (to tell its collector or an identity provider the address first). */
  port?: number;
  flags?: (dataDir: string) => Record<string, unknown>;
}

/** A collector on 127.0.0.1 at a free port, its data in a new temporary folder from `prefix` (gone if it fails). */
export async function startBrowserServer(prefix: string, o: BrowserServerOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  try {
    const flags = { dataDir, port: o.port ?? (await freePort()), host: "127.0.0.1", ...o.flags?.(dataDir) };
    const server = await startServer(loadServerConfig({ flags }), {
      logger: silentLogger,
      processMetrics: false,
      ...(o.clock ? { clock: o.clock } : {}),
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

type Seen = { dialogs: string[]; cspErrors: string[] };

/**
 * A new browser context at `viewport` (with any other context options) and its page. With `seen`, the page's dialogs
 * (dismissed) and Content Security Policy console errors are recorded there.
 */
export async function browserPage(
  browser: Browser,
  viewport: { width: number; height: number },
  seen?: Seen,
  options: BrowserContextOptions = {},
): Promise<[BrowserContext, Page]> {
  const ctx = await browser.newContext({ ...options, viewport });
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

/** As browserPage, holding the session cookie for `server` (the whole site). */
export async function signedInPage(
  browser: Browser,
  server: RunningServer,
  cookie: string,
  viewport: { width: number; height: number },
  seen?: Seen,
  options: BrowserContextOptions = {},
): Promise<[BrowserContext, Page]> {
  const [ctx, page] = await browserPage(browser, viewport, seen, options);
  const [name, value] = cookie.split("=") as [string, string];
  await ctx.addCookies([{ name, value, url: server.url }]);
  return [ctx, page];
}
