// Parses `diskutil activity`: Disk Arbitration's events as they happen, one line each, until the command is stopped.
export interface DiskActivityEvent {
  /** DiskAppeared, DiskDisappeared, DiskMountApproval, DiskDescriptionChanged, DAIdle… */
  kind: string;
  /** The BSD name (disk5, disk4s1), or null for events about no disk ("DAIdle (no DADiskRef)"). */
  bsdName: string | null;
}

// "***DiskAppeared ('disk5', DAVolumePath = '<null>', …) Time=20221231-16:38:26.6321"; "***DAIdle (no DADiskRef) Time=…"
const EVENT = /^\*\*\*([A-Za-z]{1,64})\s*\((?:'(disk[0-9]{1,4}(?:s[0-9]{1,4})?)'|no DADiskRef)/;

/** Reads the stream a line at a time: push() returns the events of the lines completed so far. Other lines are skipped. */
export class DiskutilActivityParser {
  private rest = "";

  push(chunk: string): DiskActivityEvent[] {
    const lines = (this.rest + chunk).split("\n");
    this.rest = lines.pop() ?? "";
    if (this.rest.length > 65_536) this.rest = "";
    return lines.flatMap((l) => {
      const m = EVENT.exec(l.replace(/\r$/, ""));
      return m ? [{ kind: m[1]!, bsdName: m[2] ?? null }] : [];
    });
  }
}

/**
 * Whether an event may mean storage came or went: any disk event (appeared, disappeared, a mount or unmount
 * approval, a new description once mounted). What is attached is then read by the watch's usual probes (diskutil,
 * system_profiler), so event and poll agree; DAIdle and other events about no disk are not looked at.
 */
export function mayBeStorageActivity(e: DiskActivityEvent): boolean {
  return e.bsdName !== null && e.kind.startsWith("Disk");
}
