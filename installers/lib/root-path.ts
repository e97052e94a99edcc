// Resolves a path inside a chroot-style root as a process chrooted there would: symlinks are read with lstat and
// readlink and an absolute target starts again at the root, never at the host's "/" (a Debian root's
// /usr/bin/wine -> /etc/alternatives/wine -> /usr/lib/wine/wine must be found in the root, whatever the host has).
import { lstatSync, readlinkSync, type Stats } from "node:fs";
import { join } from "node:path";

const MAX_LINKS = 40; // as Linux's path walk (ELOOP after 40 symlinks)

/** Host path and lstat of `path` (absolute, as seen inside `root`) after following symlinks inside the root. */
export function resolveInRoot(root: string, path: string): { hostPath: string; stats: Stats } | undefined {
  let todo = path.split("/").filter(Boolean);
  let done: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === ".") continue;
    if (part === "..") {
      done.pop(); // ".." at the root stays at the root, as in a chroot
      continue;
    }
    const host = join(root, ...done, part);
    let stats: Stats;
    try {
      stats = lstatSync(host);
    } catch {
      return undefined;
    }
    if (stats.isSymbolicLink()) {
      if (++links > MAX_LINKS) return undefined;
      const target = readlinkSync(host);
      const parts = target.split("/").filter(Boolean);
      if (target.startsWith("/")) done = [];
      todo = [...parts, ...todo];
      continue;
    }
    if (todo.length > 0 && !stats.isDirectory()) return undefined;
    done.push(part);
  }
  const hostPath = join(root, ...done);
  try {
    return { hostPath, stats: lstatSync(hostPath) };
  } catch {
    return undefined;
  }
}

/** True when `path` inside `root` leads (through the root's own symlinks) to an executable regular file. */
export function executableInRoot(root: string, path: string): boolean {
  const stats = resolveInRoot(root, path)?.stats;
  return stats ? stats.isFile() && (stats.mode & 0o111) !== 0 : false;
}
