// A Debian 13 root with Wine 10 for the MSI test. Debian 12's Wine 8 cannot run Node 24 (V8 reserves memory with
// MEM_RESERVE_PLACEHOLDER, which Wine 8 rejects: "SegmentedTable::InitializeTable (subspace allocation)"), so the
// test runs Wine from a trixie root made with mmdebstrap from Debian's own packages, entered with chroot in a private
// mount namespace. It shares the network namespace, so Wine reaches a collector on 127.0.0.1.
import { existsSync, renameSync, rmSync } from "node:fs";
import { ensureDebianPackages } from "../lib/apt.js";
import { run } from "../lib/run.js";

export const WINE_ROOT = process.env.WARD_WINE_ROOT ?? "/var/cache/ward-build/wine-trixie";
const SUITE = "trixie";
const MIRROR = "http://deb.debian.org/debian";

export function wineRootReady(root = WINE_ROOT): boolean {
  return existsSync(`${root}/usr/bin/wine`) && existsSync(`${root}/usr/lib/wine/wine64`);
}

/** Makes the root on first use (about 1.1 GB; 3 to 6 minutes on CI's machine). */
export function ensureWineRoot(root = WINE_ROOT): string {
  if (wineRootReady(root)) return root;
  ensureDebianPackages({ mmdebstrap: "mmdebstrap", unshare: "util-linux" });
  const tmp = `${root}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  run("mmdebstrap", ["--variant=apt", "--include=wine,wine64", "--quiet", SUITE, tmp, MIRROR]);
  rmSync(root, { recursive: true, force: true });
  renameSync(tmp, root);
  if (!wineRootReady(root)) throw new Error(`${root} has no Wine after mmdebstrap`);
  return root;
}

/**
 * argv that runs `script` with sh inside the root as root, with `hostDir` visible at /host and only `env` (plus PATH
 * and HOME) in the environment. The mounts live in a private namespace and vanish with it.
 */
export function chrootCommand(root: string, hostDir: string, script: string, env: Record<string, string>): string[] {
  const enter = [
    'R="$1"; H="$2"; shift 2',
    'mount -t proc proc "$R/proc"',
    'mount --rbind /dev "$R/dev"',
    'mount --rbind /sys "$R/sys"',
    'mkdir -p "$R/host"',
    'mount --bind "$H" "$R/host"',
    'exec chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"',
  ].join(" && ");
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return ["unshare", "--mount", "--propagation", "private", "sh", "-c", enter, "enter", root, hostDir, ...vars, "sh", "-c", script];
}
