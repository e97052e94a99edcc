// Where the build reads and writes: the repository root, dist/, and the download cache outside the work tree.
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const INSTALLERS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(INSTALLERS_DIR, "..");
export const DIST_DIR = process.env.WARD_DIST_DIR ? resolve(process.env.WARD_DIST_DIR) : join(REPO_ROOT, "dist");
/** Downloaded tarballs survive `rm -rf dist`; override with WARD_BUILD_CACHE. */
export const CACHE_DIR = process.env.WARD_BUILD_CACHE
  ? resolve(process.env.WARD_BUILD_CACHE)
  : join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ward-build");

/** File names of the single executables in dist/. */
export const AGENT_EXE = {
  linux: "ward-linux-x64",
  windows: "ward-win-x64.exe",
  macos: "ward-macos-x64",
} as const;
