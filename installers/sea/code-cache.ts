// V8's code cache for the agent asset, kept in the service's own state folder: a step then deserialises what the last
// run compiled instead of parsing 2 MB again. A missing, stale or damaged cache only costs that time.
//
// The file is a SHA-256 of the cache followed by the cache: V8 checks its own version, flags and the payload's length,
// but a release build does not checksum the payload, so a flipped bit on disk is caught here, not by a crash.
// V8 trusts a code cache it accepts: write access to the agent's state folder means code execution as the agent,
// which is why the packages make that folder root-only (Linux, macOS) and SYSTEM/Administrators-only (Windows).
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/** A cache of the agent as its module has run is about 0.6 MB; anything much larger is not ours. */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

const DIGEST_BYTES = 32;
const digest = (b: Uint8Array) => createHash("sha256").update(b).digest();

const PREFIX = "agent-code-";
const SUFFIX = ".v8cache";

/**
 * The file for this exact asset. V8 checks its own version, flags and a checksum, but of the source only its length:
 * the name carries a hash of the source, so an upgraded agent of the same length never takes the old bytecode.
 */
export function codeCacheFile(dir: string, source: Uint8Array): string {
  return join(dir, `${PREFIX}${createHash("sha256").update(source).digest("hex").slice(0, 32)}${SUFFIX}`);
}

/** Where a refusal is said, in plain words (a step's stderr: the service's own output log). */
export type CacheWarn = (message: string) => void;

/** What the reader asks of the system; Windows has no owner ids, O_NOFOLLOW or O_NONBLOCK (tests take its values). */
export interface CacheHost {
  uid: number | undefined;
  noFollow: number;
  nonBlock: number;
}

const nodeHost = (): CacheHost => ({
  uid: process.getuid?.(),
  noFollow: constants.O_NOFOLLOW ?? 0,
  nonBlock: constants.O_NONBLOCK ?? 0,
});

/** Why a file at the cache's name is not one to load, or null. */
function notOurs(st: Stats, uid: number | undefined): string | null {
  if (st.isSymbolicLink()) return "is a symbolic link";
  if (st.isFIFO()) return "is a named pipe (FIFO)";
  if (st.isDirectory()) return "is a folder";
  if (!st.isFile()) return "is not a regular file";
  if (uid !== undefined && st.uid !== uid) return `belongs to another account (uid ${st.uid})`;
  if (st.size > MAX_CACHE_BYTES) return `is larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB`;
  return null;
}

/**
 * The cache's bytes, or undefined: only a regular file (no symlink followed) owned by this user, within the cap.
 * Anything else only costs a compile. lstat refuses a FIFO, a folder or a link before open (where Windows stops);
 * O_NONBLOCK keeps open from waiting for a writer if a FIFO is swapped in after that, and fstat of what was opened
 * must be the file lstat saw. A missing file is the first step's normal case and says nothing.
 */
export function readCodeCache(file: string, warn: CacheWarn = () => {}, host: CacheHost = nodeHost()) {
  const refuse = (why: string): undefined => {
    warn(`the agent's code cache ${file} ${why}, so it was not used: the agent was compiled instead (only slower)`);
    return undefined;
  };
  let fd: number | undefined;
  try {
    const seen = lstatSync(file, { throwIfNoEntry: false });
    if (seen === undefined) return undefined;
    const before = notOurs(seen, host.uid);
    if (before !== null) return refuse(before);
    fd = openSync(file, constants.O_RDONLY | host.noFollow | host.nonBlock);
    const st = fstatSync(fd);
    const now = notOurs(st, host.uid);
    if (now !== null) return refuse(now);
    if (st.ino !== seen.ino || st.dev !== seen.dev) return refuse("was replaced while it was being opened");
    const data = Buffer.alloc(st.size);
    let at = 0;
    while (at < data.length) {
      const n = readSync(fd, data, at, data.length - at, at);
      if (n === 0) return refuse("was cut short while it was read");
      at += n;
    }
    const payload = data.subarray(DIGEST_BYTES);
    if (data.length > DIGEST_BYTES && digest(payload).equals(data.subarray(0, DIGEST_BYTES))) return payload;
    return refuse("is damaged (its checksum does not match)");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return refuse(code === "ELOOP" ? "is a symbolic link" : `could not be read (${code ?? (err as Error).message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes the cache atomically (readable by this user only) and removes caches of earlier versions of the agent. */
export function writeCodeCache(file: string, data: Buffer): void {
  try {
    const dir = join(file, "..");
    for (const name of readdirSync(dir)) {
      if (name.startsWith(PREFIX) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
    }
    const tmp = `${file}.${process.pid}.tmp`;
    // Created anew ("wx": never an existing file, FIFO or link, which an open for writing could wait on or follow).
    rmSync(tmp, { force: true });
    // Two writes, not one concatenated copy: the step's peak memory is what the service is measured by.
    const fd = openSync(tmp, "wx", 0o600);
    try {
      for (const part of [digest(data), data]) {
        for (let at = 0; at < part.length; ) at += writeSync(fd, part, at, part.length - at);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch {
    // Only time is lost: the next step compiles the agent again and tries once more.
  }
}
