// USB by event on Linux: real kernel uevents from a loop device (admitted only by the test switch) trigger the watch.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../shared/logger.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { scriptedPlatform } from "../platform/scripted-platform.js";
import { UsbEventWatch } from "./usb-events.js";

const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
// Needs root (losetup), udevadm and kernel uevents; this container has them (no udevd: KERNEL events only).
const canMakeEvents = process.platform === "linux" && process.getuid?.() === 0 && has("udevadm") && has("losetup");

const watches: UsbEventWatch[] = [];
afterEach(() => {
  for (const w of watches.splice(0)) w.stop();
});

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
};

describe.runIf(canMakeEvents)("USB events (real udevadm monitor, real kernel uevents)", () => {
  it("looks at storage within seconds of a disk appearing and going, and never for a loop device without the switch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-usb-events-"));
    const image = join(dir, "stick.img");
    writeFileSync(image, Buffer.alloc(4 * 1024 * 1024));
    const platform = createNodePlatform("linux");
    const seen: number[] = [];
    const ignored: number[] = [];
    const watch = new UsbEventWatch({
      platform,
      log: silentLogger,
      onChange: () => seen.push(Date.now()),
      debounceMs: 300,
      admitLoopDevices: true,
    });
    const strict = new UsbEventWatch({
      platform,
      log: silentLogger,
      onChange: () => ignored.push(Date.now()),
      debounceMs: 300,
    });
    watches.push(watch, strict);
    watch.ensure();
    strict.ensure();
    expect(await until(() => watch.live() && strict.live(), 5000)).toBe(true);
    let loop = "";
    try {
      const attachedAt = Date.now();
      loop = execFileSync("losetup", ["--find", "--show", image], { encoding: "utf8" }).trim();
      expect(await until(() => seen.length >= 1, 5000)).toBe(true);
      // Seen well inside ten seconds (the debounce is 300 ms here, 1.5 s in the agent).
      expect(seen[0]! - attachedAt).toBeLessThan(5000);
      const before = seen.length;
      execFileSync("losetup", ["-d", loop]);
      loop = "";
      expect(await until(() => seen.length > before, 5000)).toBe(true);
      expect(ignored).toEqual([]);
    } finally {
      if (loop) execFileSync("losetup", ["-d", loop]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("USB events: fallback", () => {
  it("stays off (the daemon keeps polling) where there is no event source", () => {
    const watch = new UsbEventWatch({ platform: scriptedPlatform("linux"), log: silentLogger, onChange: () => {} });
    watches.push(watch);
    watch.ensure();
    expect(watch.live()).toBe(false);
  });

  it("says so and polls again when udevadm cannot start", async () => {
    const platform = createNodePlatform("linux");
    const warnings: string[] = [];
    const log = {
      ...silentLogger,
      warn: (m: string, meta?: Record<string, unknown>) => void warnings.push(`${m} ${JSON.stringify(meta)}`),
    };
    const watch = new UsbEventWatch({
      platform: { ...platform, stream: (_f, args, on) => platform.stream!("ward-no-such-udevadm", args, on) },
      log,
      onChange: () => {},
    });
    watches.push(watch);
    watch.ensure();
    expect(await until(() => warnings.length > 0, 3000)).toBe(true);
    expect(watch.live()).toBe(false);
    expect(warnings[0]).toMatch(/polling instead.*could not start \(ENOENT\)/);
  });
});
