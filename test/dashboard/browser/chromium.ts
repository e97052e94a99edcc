// A small Chrome DevTools Protocol driver over --remote-debugging-pipe, for Debian's chromium (no network, no downloads).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = process.env.WARD_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

type Pending = { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void };
type Listener = (params: Record<string, unknown>, sessionId?: string) => void;

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private buffer = "";

  private constructor(
    private readonly proc: ChildProcess,
    private readonly profile: string,
  ) {
    const out = proc.stdio[4] as Readable;
    out.setEncoding("utf8");
    out.on("data", (chunk: string) => this.receive(chunk));
  }

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), "ward-chromium-"));
    const proc = spawn(CHROMIUM, [...FLAGS, "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank"], {
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
    });
    const browser = new Browser(proc, profile);
    await browser.send("Target.setDiscoverTargets", { discover: true });
    return browser;
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf("\0");
    while (end >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown>; sessionId?: string };
      this.buffer = this.buffer.slice(end + 1);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) {
        for (const l of this.listeners.get(msg.method) ?? []) l(msg.params ?? {}, msg.sessionId);
      }
      end = this.buffer.indexOf("\0");
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const input = this.proc.stdio[3] as Writable;
    input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  on(method: string, listener: Listener): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  async newPage(): Promise<Page> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    await page.init();
    return page;
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => {});
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.proc.kill("SIGKILL");
        resolve();
      }, 5000);
      this.proc.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  /** JavaScript dialogs (alert, confirm) the page opened: an XSS payload that ran would show up here. */
  readonly dialogs: string[] = [];
  /** Console messages and CSP violations reported by the page. */
  readonly console: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {}

  async init(): Promise<void> {
    this.browser.on("Page.javascriptDialogOpening", (p, s) => {
      if (s !== this.sessionId) return;
      this.dialogs.push(String(p.message));
      void this.send("Page.handleJavaScriptDialog", { accept: true });
    });
    this.browser.on("Log.entryAdded", (p, s) => {
      if (s === this.sessionId) this.console.push(String((p.entry as { text?: string }).text));
    });
    await this.send("Page.enable");
    await this.send("Runtime.enable");
    await this.send("Log.enable");
    await this.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  private loaded(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error("page did not load in time"));
      }, timeoutMs);
      const off = this.browser.on("Page.loadEventFired", (_p, s) => {
        if (s !== this.sessionId) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  async goto(url: string): Promise<void> {
    const load = this.loaded();
    await this.send("Page.navigate", { url });
    await load;
  }

  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(`${r.exceptionDetails.text} ${r.exceptionDetails.exception?.description ?? ""}`);
    return r.result.value as T;
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error("no ${selector.replace(/"/g, "")}"); el.value = ${JSON.stringify(value)}; })()`);
  }

  /** Clicks something that submits a form or follows a link, and waits for the next page to load. */
  async clickAndWait(selector: string): Promise<void> {
    const load = this.loaded();
    await this.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) throw new Error("no ${selector.replace(/"/g, "")}"); el.click(); })()`);
    await load;
  }

  text(selector = "body"): Promise<string> {
    return this.evaluate<string>(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ""`);
  }

  url(): Promise<string> {
    return this.evaluate<string>("location.href");
  }

  async screenshot(path: string, media: "screen" | "print" = "screen"): Promise<void> {
    await this.send("Emulation.setEmulatedMedia", { media });
    const metrics = (await this.send("Page.getLayoutMetrics")) as { cssContentSize: { width: number; height: number } };
    const { width, height } = metrics.cssContentSize;
    const clip = { x: 0, y: 0, width: Math.ceil(width), height: Math.min(Math.ceil(height), 6000), scale: 1 };
    const { data } = (await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: true, clip })) as { data: string };
    await this.send("Emulation.setEmulatedMedia", { media: "" });
    writeFileSync(path, Buffer.from(data, "base64"));
  }
}
