// USB by event on macOS and Windows, from their output fed through the event watch (this machine runs neither).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../shared/logger.js";
import type { OsPlatform } from "../../shared/schemas/control.js";
import { DiskutilActivityParser, mayBeStorageActivity } from "../checks/usb-storage/parse-diskutil-activity.js";
import { VolumeEventParser } from "../checks/usb-storage/volume-events-windows.js";
import { scriptedPlatform } from "../platform/scripted-platform.js";
import { UsbEventWatch } from "./usb-events.js";

const FIXTURES = join(import.meta.dirname, "../checks/usb-storage/fixtures");
const KINDLE = readFileSync(join(FIXTURES, "macos/diskutil-activity-kindle-plugged-in.txt"), "utf8");

/** A platform whose event stream is the given text, delivered in small pieces as a pipe would. */
function feeding(os: OsPlatform, text: string, started: { file: string; args: readonly string[] }[]) {
  return {
    ...scriptedPlatform(os),
    stream: (file: string, args: readonly string[], on: { data(t: string): void; exit(r: string): void }) => {
      started.push({ file, args });
      let i = 0;
      const timer = setInterval(() => {
        if (i >= text.length) return clearInterval(timer);
        on.data(text.slice(i, i + 37));
        i += 37;
      }, 5);
      return { stop: () => clearInterval(timer) };
    },
  };
}

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe("diskutil activity (real output: a Kindle plugged into a Mac)", () => {
  it("reads each Disk Arbitration event with its BSD name, and DAIdle as about no disk", () => {
    const events = new DiskutilActivityParser().push(KINDLE);
    expect(events).toEqual([
      { kind: "DiskAppeared", bsdName: "disk5" },
      { kind: "DiskMountApproval", bsdName: "disk5" },
      { kind: "DiskDescriptionChanged", bsdName: "disk5" },
      { kind: "DAIdle", bsdName: null },
    ]);
    expect(events.map(mayBeStorageActivity)).toEqual([true, true, true, false]);
  });

  it("keeps a line split across reads whole, and skips lines it does not know", () => {
    const p = new DiskutilActivityParser();
    const [a, b] = [KINDLE.slice(0, 50), KINDLE.slice(50)];
    expect(p.push(`Some banner\n${a}`)).toEqual([]);
    expect(p.push(b)).toHaveLength(4);
    expect(p.push("***DiskAppeared ('/etc/passwd', x)\n")).toEqual([]);
  });

  it("makes the watch look once, soon after the stick appears", async () => {
    const started: { file: string; args: readonly string[] }[] = [];
    const seen: number[] = [];
    const watch = new UsbEventWatch({
      platform: feeding("macos", KINDLE, started),
      log: silentLogger,
      onChange: () => seen.push(Date.now()),
      debounceMs: 100,
    });
    watch.ensure();
    expect(started).toEqual([{ file: "/usr/sbin/diskutil", args: ["activity"] }]);
    expect(await until(() => seen.length > 0, 3000)).toBe(true);
    expect(watch.live()).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    // One burst of events (appeared, approved, described) is one look.
    expect(seen).toHaveLength(1);
    watch.stop();
  });
});

describe("Windows volume events (Ward's own line format: no recorded WMI event output exists)", () => {
  it("reads arrival and removal lines and skips the ready line", () => {
    const p = new VolumeEventParser();
    expect(
      p.push(
        "ward-volume-events ready\r\nward-volume-event 2 E:\r\nward-volume-event 3 E:\r\nward-volume-event 9 E:\r\n",
      ),
    ).toEqual([
      { eventType: 2, drive: "E:" },
      { eventType: 3, drive: "E:" },
    ]);
  });

  it("runs one powershell.exe with the encoded WMI subscription, and looks on an arrival", async () => {
    const started: { file: string; args: readonly string[] }[] = [];
    const seen: number[] = [];
    const watch = new UsbEventWatch({
      platform: feeding("windows", "ward-volume-events ready\r\nward-volume-event 2 E:\r\n", started),
      log: silentLogger,
      onChange: () => seen.push(Date.now()),
      debounceMs: 100,
    });
    watch.ensure();
    expect(started[0]?.file).toBe("powershell.exe");
    const encoded = started[0]!.args.at(-1)!;
    expect(Buffer.from(encoded, "base64").toString("utf16le")).toContain(
      "Register-CimIndicationEvent -ClassName Win32_VolumeChangeEvent",
    );
    expect(await until(() => seen.length > 0, 3000)).toBe(true);
    watch.stop();
  });
});
