// USB storage by event on Linux: `udevadm monitor` tells the moment a disk comes or goes; the watch looks right then.
import type { Logger } from "../../shared/logger.js";
import { mayBeStorageChange, UdevMonitorParser } from "../checks/usb-storage/parse-udevadm-monitor.js";
import type { Platform } from "../platform/platform.js";

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
 * sleeps in the kernel between events: no CPU while nothing is plugged. macOS (`diskutil activity`) and Windows (WMI
 * volume events) have no event source yet and keep polling.
 */
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
    if (this.stopped || this.handle || this.o.platform.os !== "linux" || !this.o.platform.stream) return;
    const now = performance.now();
    if (now - this.lastStart < (this.o.retryMs ?? 300_000)) return;
    this.lastStart = now;
    const parser = new UdevMonitorParser();
    this.handle = this.o.platform.stream(
      "udevadm",
      ["monitor", "--kernel", "--udev", "--property", "--subsystem-match=block"],
      {
        data: (text) => {
          this.liveSince ??= now;
          if (parser.push(text).some((e) => mayBeStorageChange(e, this.o.admitLoopDevices))) this.changed();
        },
        exit: (reason) => {
          this.handle = null;
          this.liveSince = null;
          if (!this.stopped) this.o.log.warn("USB events unavailable: polling instead", { reason });
        },
      },
    );
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
