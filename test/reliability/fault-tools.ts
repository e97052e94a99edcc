// Real faults for the reliability suite: a small tmpfs that can be filled and freed, and an audit of what a device's
// reports became on the collector (acknowledged lost, reports lost without an explanation, a laptop left silent).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { integrityEvents } from "../../server/stores/event-store.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import type { RunningServer } from "../../server/main.js";
import { count } from "./counts.js";

/** Mounting needs root (CI runs as root); elsewhere the disk-full cases are skipped, and say so. */
export const canMountTmpfs = (() => {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), "ward-tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    execFileSync("umount", [dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

export interface SmallDisk {
  dir: string;
  /** Fills the disk to the last byte (a filler file), as `dd` would. */
  fill(): void;
  free(): void;
  unmount(): void;
}

export function smallDisk(sizeKb: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), "ward-disk-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeKb}k,mode=0700`, "tmpfs", dir]);
  const filler = join(dir, "filler");
  return {
    dir,
    fill() {
      // `dd if=/dev/zero of=filler bs=4k` until ENOSPC: what the outside tester did.
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4k"], { stdio: "ignore" });
      } catch {
        // dd exits 1 at "No space left on device": the disk is full, which is the point
      }
      // The last partial block: tmpfs may leave less than 4 KB.
      try {
        writeFileSync(join(dir, "filler-tail"), Buffer.alloc(4096));
      } catch {
        // full
      }
    },
    free() {
      rmSync(filler, { force: true });
      rmSync(join(dir, "filler-tail"), { force: true });
    },
    unmount() {
      try {
        execFileSync("umount", [dir], { stdio: "ignore" });
      } catch {
        // Something still holds a file there: detach it now; the kernel frees it when the last file closes.
        execFileSync("umount", ["-l", dir], { stdio: "ignore" });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DeviceAudit {
  accepted: number[];
  /** Seqs up to `upTo` neither accepted nor covered by a signed drop record: reports lost without a word. */
  lostUnexplained: number[];
  /** Seqs set aside by the agent with a signed drop record the collector holds. */
  explained: number[];
  unexplainedGaps: number;
  forks: number;
}

export async function auditDevice(server: RunningServer, deviceId: string, upTo: number): Promise<DeviceAudit> {
  const rows = await ledgerForDevice(server.ctx.db.kysely, deviceId);
  const accepted = [...new Set(rows.filter((r) => r.outcome === "accepted").map((r) => Number(r.seq)))].sort(
    (a, b) => a - b,
  );
  const events = await integrityEvents(server.ctx.db.kysely, deviceId);
  const ranges: { firstSeq: number; lastSeq: number }[] = [];
  let unexplainedGaps = 0;
  let forks = 0;
  for (const e of events) {
    const d = JSON.parse(e.detail_json) as {
      dropped?: { firstSeq: number; lastSeq: number };
      explainedBySpoolDrop?: boolean;
    };
    if (e.kind === "spool-drop" && d.dropped) ranges.push(d.dropped);
    if (e.kind === "gap" && !d.explainedBySpoolDrop) unexplainedGaps++;
    if (e.kind === "fork") forks++;
  }
  const lostUnexplained: number[] = [];
  const explained: number[] = [];
  for (let seq = 1; seq <= upTo; seq++) {
    if (accepted.includes(seq)) continue;
    if (ranges.some((r) => r.firstSeq <= seq && seq <= r.lastSeq)) explained.push(seq);
    else lostUnexplained.push(seq);
  }
  return { accepted, lostUnexplained, explained, unexplainedGaps, forks };
}

/**
 * Records one injected fault in the suite's counts. `survived` only when the agent or collector kept going and
 * recovered unaided; `silent` when a laptop's newest report never reached the collector after recovery.
 */
export function recordFault(o: {
  survived: boolean;
  acknowledgedLost: number;
  reportsLost: number;
  silent: boolean;
}): void {
  count("faults injected", 1);
  count("faults survived", o.survived ? 1 : 0);
  count("acknowledged lost", o.acknowledgedLost);
  count("reports lost", o.reportsLost);
  count("laptops left silent", o.silent ? 1 : 0);
}
