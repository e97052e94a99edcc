// V8's code cache for the agent asset, kept in the service's own state folder: a step then deserialises what the last
// run compiled instead of parsing 2 MB again. A missing, stale or damaged cache only costs that time.
//
// The file is a SHA-256 of the cache followed by the cache: V8 checks its own version, flags and the payload's length,
// but a release build does not checksum the payload, so a flipped bit on disk is caught here, not by a crash.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
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

/** The cache's bytes, or undefined: only a regular file (no symlink followed) owned by this user, within the cap. */
export function readCodeCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    const ownUid = process.getuid?.();
    if (!st.isFile() || st.size > MAX_CACHE_BYTES || (ownUid !== undefined && st.uid !== ownUid)) return undefined;
    const data = Buffer.alloc(st.size);
    let at = 0;
    while (at < data.length) {
      const n = readSync(fd, data, at, data.length - at, at);
      if (n === 0) return undefined;
      at += n;
    }
    const payload = data.subarray(DIGEST_BYTES);
    return data.length > DIGEST_BYTES && digest(payload).equals(data.subarray(0, DIGEST_BYTES)) ? payload : undefined;
  } catch {
    return undefined;
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
    // Two writes, not one concatenated copy: the step's peak memory is what the service is measured by.
    const fd = openSync(tmp, "w", 0o600);
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
