// USB storage by event: udevadm monitor (Linux), diskutil activity (macOS), a WMI subscription (Windows); the watch looks then.
import type { Logger } from "../../shared/logger.js";
import type { OsPlatform } from "../../shared/schemas/control.js";
import { DiskutilActivityParser, mayBeStorageActivity } from "../checks/usb-storage/parse-diskutil-activity.js";
import { mayBeStorageChange, UdevMonitorParser } from "../checks/usb-storage/parse-udevadm-monitor.js";
import { mayBeVolumeChange, VolumeEventParser, volumeEventsArgs } from "../checks/usb-storage/volume-events-windows.js";
import type { Platform } from "../platform/platform.js";

/** Each OS's event source: the long-running command, and a reader that says whether a chunk of its output matters. */
interface EventSource {
  file: string;
  args: readonly string[];
  reader(admitLoop: boolean): (text: string) => boolean;
}

const SOURCES: Record<OsPlatform, EventSource> = {
  linux: {
    file: "udevadm",
    args: ["monitor", "--kernel", "--udev", "--property", "--subsystem-match=block"],
    reader: (admitLoop) => {
      const p = new UdevMonitorParser();
      return (text) => p.push(text).some((e) => mayBeStorageChange(e, admitLoop));
    },
  },
  // Runs until stopped; prints one line per Disk Arbitration event (a disk appeared, was approved for mounting…).
  macos: {
    file: "/usr/sbin/diskutil",
    args: ["activity"],
    reader: () => {
      const p = new DiskutilActivityParser();
      return (text) => p.push(text).some(mayBeStorageActivity);
    },
  },
  // The script ends by itself when this process is gone (WARD_AGENT_PID, set when the watch starts).
  windows: {
    file: "powershell.exe",
    args: volumeEventsArgs(),
    reader: () => {
      const p = new VolumeEventParser();
      return (text) => p.push(text).some(mayBeVolumeChange);
    },
  },
};

export interface UsbEventOptions {
  platform: Platform;
  log: Logger;
  /** Called (debounced) when storage may have been plugged in or out: the daemon runs the USB watch then. */
  onChange: () => void;
  /** Wait for a burst of events (a disk and its partitions) to settle before looking. */
  debounceMs?: number;
  /** Test switch: loop devices count as storage, so real kernel events can be made with `losetup`. */
  admitLoopDevices?: boolean;
  /** After the monitor ends (udevadm missing, killed), how long before trying again; polling covers the gap. */
  retryMs?: number;
}

/**
 * `udevadm monitor --kernel --udev --property --subsystem-match=block` prints one block per event: the kernel's uevent
 * (always) and udev's after its rules (only where udevd runs). Either one is enough to look now; what is attached is
 * then read by the watch's usual probes (lsblk, udevadm info), so event and poll agree on every device. The monitor
 * sleeps in the kernel between events: no CPU while nothing is plugged. macOS's `diskutil activity` and Windows's
 * WMI subscription (one powershell.exe kept running) work the same way; their output is read as it comes.
 */
const LISTENING_AFTER_MS = 5000;

export class UsbEventWatch {
  private handle: { stop(): void } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private liveSince: number | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly o: UsbEventOptions) {}

  /** True while the monitor runs: the daemon may then poll USB rarely (the fallback), not every minute. */
  live(): boolean {
    return this.liveSince !== null;
  }

  /** Starts the monitor if it is not running (and was not started too recently). Safe to call on every watch tick. */
  ensure(): void {
    if (this.stopped || this.handle || !this.o.platform.stream) return;
    const now = performance.now();
    if (now - this.lastStart < (this.o.retryMs ?? 300_000)) return;
    this.lastStart = now;
    const source = SOURCES[this.o.platform.os];
    process.env.WARD_AGENT_PID = String(process.pid);
    const matters = source.reader(this.o.admitLoopDevices ?? false);
    // A monitor that is still running after a few seconds is listening, whether or not it has printed anything yet
    // (diskutil activity may say nothing until a disk comes).
    const listening = setTimeout(() => {
      if (this.handle) this.liveSince ??= now;
    }, LISTENING_AFTER_MS);
    listening.unref();
    this.handle = this.o.platform.stream(source.file, source.args, {
      data: (text) => {
        this.liveSince ??= now;
        if (matters(text)) this.changed();
      },
      exit: (reason) => {
        this.handle = null;
        this.liveSince = null;
        if (!this.stopped) this.o.log.warn("USB events unavailable: polling instead", { reason });
      },
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.handle?.stop();
    this.handle = null;
    this.liveSince = null;
  }

  private changed(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.o.onChange();
    }, this.o.debounceMs ?? 1500);
  }
}
