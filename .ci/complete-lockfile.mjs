// Adds lock entries for other platforms' optional binary packages that this workplace's npm mirror does not serve.
//
// Why: the mirror here lacks e.g. @biomejs/cli-win32-x64@2.6.8, so `npm install` leaves such optional packages out
// of package-lock.json, and `npm ci` then refuses the lock as "out of sync". An entry with the package's os/cpu/libc
// lets `npm ci` validate the tree and skip it on this platform without fetching anything.
// Run after any `npm install` that changes the lock: node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;

const OS = ["android", "darwin", "win32", "freebsd", "openbsd", "openharmony", "linux", "sunos", "aix", "netbsd"];
const CPU = {
  arm64: "arm64",
  x64: "x64",
  arm: "arm",
  ia32: "ia32",
  loong64: "loong64",
  ppc64: "ppc64",
  riscv64: "riscv64",
  s390x: "s390x",
  eabi: "arm",
  gnueabihf: "arm",
  musleabihf: "arm",
};

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  const libc =
    parts.includes("musl") || parts.includes("musleabihf")
      ? "musl"
      : parts.includes("gnu") || parts.includes("gnueabihf")
        ? "glibc"
        : undefined;
  return os && cpu ? { os: [os], cpu: [cpu], ...(os === "linux" && libc ? { libc: [libc] } : {}) } : null;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (packages[key]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    packages[key] = { version, dev: meta.dev ?? undefined, optional: true, ...platform };
    added++;
    console.log(`added ${key}@${version} (${platform.os[0]}/${platform.cpu[0]}) for ${path || "(root)"}`);
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} entries added`);
