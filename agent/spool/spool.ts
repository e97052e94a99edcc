// The offline spool: each signed envelope is a durable file until the collector acknowledges it; bounded by age and size.
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../shared/logger.js";
import { Envelope } from "../../shared/schemas/envelope.js";
import { removeStaleTemps, syncDir, writeFileAtomic } from "../state/atomic-file.js";

export interface SpoolEntry {
  seq: number;
  envelope: Envelope;
  /** When the entry was written (file mtime). */
  writtenAt: Date;
  bytes: number;
}

export interface SpoolLimits {
  maxAgeDays: number;
  maxBytes: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 };

export interface DroppedRange {
  count: number;
  firstSeq: number;
  lastSeq: number;
}

export interface LostRange extends DroppedRange {
  reason: string;
}

const NAME = /^(\d{12})\.json$/;

function isDropRecord(envelope: Envelope): boolean {
  try {
    return (JSON.parse(envelope.payload) as { kind?: unknown }).kind === "spool-drop";
  } catch {
    return false;
  }
}
const fileName = (seq: number) => `${String(seq).padStart(12, "0")}.json`;

export class Spool {
  readonly dir: string;
  private readonly log: Logger;
  private readonly verify: ((envelope: Envelope) => boolean) | undefined;
  /** Seqs set aside (damaged, or dated by a wrong clock) that no drop record has explained yet, with why. */
  private readonly lost = new Map<number, string>();

  /** `verify` checks an entry's signature with the device's own key: a damaged entry is set aside, never sent. */
  constructor(stateDir: string, log: Logger, verify?: (envelope: Envelope) => boolean) {
    this.dir = join(stateDir, "spool");
    this.log = log;
    this.verify = verify;
  }

  /** The seqs lost to damage since the last call, as ranges: the agent sends a signed drop record for each. */
  takeLost(): LostRange[] {
    const seqs = [...this.lost.entries()].sort((a, b) => a[0] - b[0]);
    this.lost.clear();
    const ranges: LostRange[] = [];
    for (const [seq, reason] of seqs) {
      const last = ranges.at(-1);
      if (last && seq === last.lastSeq + 1 && reason === last.reason) {
        last.lastSeq = seq;
        last.count++;
      } else ranges.push({ count: 1, firstSeq: seq, lastSeq: seq, reason });
    }
    return ranges;
  }

  /** Puts back ranges takeLost returned when their drop record could not be written (tried again next cycle). */
  restoreLost(ranges: LostRange[]): void {
    for (const r of ranges) for (let s = r.firstSeq; s <= r.lastSeq; s++) this.lost.set(s, r.reason);
  }

  /** Durably stores one envelope under its seq before any network attempt. */
  async append(seq: number, envelope: Envelope): Promise<void> {
    await writeFileAtomic(join(this.dir, fileName(seq)), JSON.stringify(envelope));
  }

  /** Entries oldest first. A file that fails validation is moved to spool/corrupt/ and reported, never sent. */
  async list(): Promise<SpoolEntry[]> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeStaleTemps(this.dir);
    const names = (await readdir(this.dir)).filter((n) => NAME.test(n)).sort();
    const entries: SpoolEntry[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      try {
        const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
        const parsed = Envelope.safeParse(JSON.parse(text));
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid envelope");
        if (this.verify && !this.verify(parsed.data))
          throw new Error("its signature no longer matches its content (damaged on disk)");
        entries.push({
          seq: Number(NAME.exec(name)![1]),
          envelope: parsed.data,
          writtenAt: info.mtime,
          bytes: info.size,
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") continue; // removed meanwhile
        await this.quarantine(name, (err as Error).message);
        this.lost.set(
          Number(NAME.exec(name)![1]),
          `A report waiting in the agent's spool was damaged on disk (${(err as Error).message}) and could not be sent.`,
        );
      }
    }
    return entries;
  }

  async remove(seqs: Iterable<number>): Promise<void> {
    for (const seq of seqs) await rm(join(this.dir, fileName(seq)), { force: true });
    await syncDir(this.dir);
  }

  /**
   * Moves a rejected envelope aside (kept for support), so it does not block the ones after it. With `lostReason`
   * the agent sends a signed drop record for it (see takeLost).
   */
  async setAside(seq: number, reason: string, lostReason?: string): Promise<void> {
    await this.quarantine(fileName(seq), reason, "rejected");
    if (lostReason) this.lost.set(seq, lostReason);
  }

  /**
   * Applies the limits: drops the oldest entries past the age limit or over the size budget, keeping the newest.
   * Returns what was dropped so the agent can send a signed record of it.
   */
  async enforceLimits(limits: SpoolLimits, now: Date): Promise<DroppedRange | null> {
    const entries = await this.list();
    const cutoff = now.getTime() - limits.maxAgeDays * 86_400_000;
    let total = entries.reduce((n, e) => n + e.bytes, 0);
    const drop: SpoolEntry[] = [];
    // Never the newest entry: it carries the current chain head.
    for (const e of entries.slice(0, -1)) {
      if (e.writtenAt.getTime() >= cutoff && total <= limits.maxBytes) break;
      // A drop record is the explanation of an earlier gap: it is never dropped itself.
      if (isDropRecord(e.envelope)) continue;
      drop.push(e);
      total -= e.bytes;
    }
    if (drop.length === 0) return null;
    await this.remove(drop.map((e) => e.seq));
    // The range spans what was dropped; drop records kept inside it are still sent.
    const range = { count: drop.length, firstSeq: drop[0]!.seq, lastSeq: drop.at(-1)!.seq };
    this.log.warn("spool over its limits: dropped the oldest reports", range);
    return range;
  }

  async depth(): Promise<{ count: number; bytes: number; oldestSeq: number | null }> {
    const entries = await this.list();
    return {
      count: entries.length,
      bytes: entries.reduce((n, e) => n + e.bytes, 0),
      oldestSeq: entries[0]?.seq ?? null,
    };
  }

  private async quarantine(name: string, reason: string, folder = "corrupt"): Promise<void> {
    const target = join(this.dir, folder);
    await mkdir(target, { recursive: true, mode: 0o700 });
    await rename(join(this.dir, name), join(target, name)).catch(() => undefined);
    this.log.error(`spool entry ${name} moved to ${folder}/`, { reason });
  }
}
