// Durable file writes: write a temp file, fsync it, rename over the target, fsync the directory.
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { z } from "zod";
import { AppError } from "../../shared/errors.js";
import { formatZodError } from "../../shared/zod-error.js";

/** Atomically replaces `path` with `data`: a reader (or a crash) sees the old file or the new one, never half. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${randomBytes(6).toString("hex")}.tmp`);
  const fh = await open(tmp, "wx", mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

const TEMP_NAME = /^\.[0-9a-f]{12}\.tmp$/;

/** Removes temp files a crash left behind mid-write (never the target files: those are whole or absent). */
export async function removeStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => TEMP_NAME.test(n)).map((n) => rm(join(dir, n), { force: true })));
}

/** fsync a directory so a rename or unlink in it survives a power cut (no-op where the OS refuses, e.g. Windows). */
export async function syncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, "r");
    await fh.sync();
  } catch {
    // Windows cannot open directories for fsync; NTFS journals the rename itself.
  } finally {
    await fh?.close();
  }
}

/** A file that exists but cannot be parsed or fails its schema: damaged on disk, by a tool or by hand. */
export class CorruptFileError extends AppError {
  constructor(
    readonly path: string,
    message: string,
    cause?: unknown,
  ) {
    super("internal", message, cause === undefined ? {} : { cause });
    this.name = "CorruptFileError";
  }
}

export function isCorruptFile(err: unknown): err is CorruptFileError {
  return err instanceof CorruptFileError;
}

/** Moves a damaged file aside (kept for support) so the agent can rebuild or re-enrol; returns where it went. */
export async function quarantineFile(path: string): Promise<string> {
  const target = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await rename(path, target);
  return target;
}

/** Reads and validates a JSON file; null when it does not exist. A corrupt file is a CorruptFileError naming it. */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new CorruptFileError(path, `The file ${path} is damaged (not valid JSON).`, cause);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new CorruptFileError(path, `The file ${path} is damaged (${formatZodError(parsed.error)}).`);
  return parsed.data;
}

export async function writeJsonFile(path: string, value: unknown, mode = 0o600): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, mode);
}
