// Mounts left under a folder (a chroot build killed half-way leaves its /proc, /sys, /dev/pts and /dev/shm mounted):
// found in /proc/self/mountinfo and unmounted before the folder is deleted, so a delete never walks into them.
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { run } from "./run.js";

/** Mount points at or under `dir`, deepest first. mountinfo's 5th field is the mount point, with \040-style escapes. */
export function mountsUnder(mountinfo: string, dir: string): string[] {
  const base = resolve(dir);
  const points = mountinfo
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((p): p is string => Boolean(p))
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8))))
    .filter((p) => p === base || p.startsWith(`${base}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmounts whatever is mounted under `dir`, then deletes it. Throws, deleting nothing, if a mount stays. */
export function removeTree(dir: string): void {
  const read = () => mountsUnder(readFileSync("/proc/self/mountinfo", "utf8"), dir);
  for (const point of read()) run("umount", ["--recursive", "--lazy", point], { okCodes: [0, 32] });
  const left = read();
  if (left.length > 0) throw new Error(`${dir} still has mounts (${left.join(", ")}); unmount them, then delete it`);
  rmSync(dir, { recursive: true, force: true });
}
