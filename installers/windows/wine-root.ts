// A Debian 13 root with Wine 10 for the MSI test. Debian 12's Wine 8 cannot run Node 24 (V8 reserves memory with
// MEM_RESERVE_PLACEHOLDER, which Wine 8 rejects: "SegmentedTable::InitializeTable (subspace allocation)"), so the
// test runs Wine from a trixie root made with mmdebstrap from Debian's own packages, entered with chroot in a private
// mount namespace. It shares the network namespace, so Wine reaches a collector on 127.0.0.1.
import { mkdirSync, renameSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ensureDebianPackages } from "../lib/apt.js";
import { machineAptOptions, machineDebianMirror } from "../lib/apt-sources.js";
import { removeTree } from "../lib/mounts.js";
import { executableInRoot } from "../lib/root-path.js";
import { run } from "../lib/run.js";

/** WARD_WINE_ROOT (its parent folders need not exist), else a folder kept between runs. */
export const WINE_ROOT = resolve(process.env.WARD_WINE_ROOT || "/var/cache/ward-build/wine-trixie");
const SUITE = "trixie";

/** Wine is in the root: its launchers, followed through the root's own symlinks (/etc/alternatives is the root's). */
export function wineRootReady(root = WINE_ROOT): boolean {
  return ["/usr/bin/wine", "/usr/bin/wineserver", "/usr/bin/env", "/bin/sh"].every((p) => executableInRoot(root, p));
}

/**
 * Makes the root on first use (about 1.1 GB; 1 to 6 minutes) from the Debian mirror this machine's apt uses, with
 * its proxy settings. It is built beside the target as `<root>.partial` (a half-built one from an interrupted run is
 * removed first) and renamed into place only when complete.
 */
export function ensureWineRoot(root = WINE_ROOT): string {
  if (wineRootReady(root)) return root;
  ensureDebianPackages({ mmdebstrap: "mmdebstrap", unshare: "util-linux" });
  const mirror = machineDebianMirror();
  mkdirSync(dirname(root), { recursive: true });
  const tmp = `${root}.partial`;
  removeTree(tmp);
  process.stderr.write(`building the Wine root ${root} (Debian ${SUITE} from ${mirror})\n`);
  // In a private mount namespace: the /proc, /sys and /dev mounts mmdebstrap makes in the root vanish with it, even
  // when it is killed half-way.
  const mmdebstrap = [
    "mmdebstrap",
    "--variant=apt",
    "--include=wine,wine64",
    "--quiet",
    ...machineAptOptions(),
    SUITE,
    tmp,
    mirror,
  ];
  run("unshare", ["--mount", "--propagation", "private", ...mmdebstrap]);
  if (!wineRootReady(tmp)) throw new Error(`${tmp} has no Wine after mmdebstrap (kept for inspection)`);
  removeTree(root);
  renameSync(tmp, root);
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
  return [
    "unshare",
    "--mount",
    "--propagation",
    "private",
    "sh",
    "-c",
    enter,
    "enter",
    root,
    hostDir,
    ...vars,
    "sh",
    "-c",
    script,
  ];
}
