// The agent packages this collector offers: only the known installer files found in its dist/ folder, each with its
// SHA-256 (computed once per file and kept while the file's size and modification time stay the same).
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, lstat, open, readdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerConfig } from "../config/config.js";

export type PackageKind = "msi" | "deb" | "rpm" | "pkg";

export interface PackageKindInfo {
  kind: PackageKind;
  /** The file names `npm run build:installers` (or build-pkg.sh on a Mac) writes; nothing else is ever served. */
  pattern: RegExp;
  label: string;
  contentType: string;
  /** How to build it where the collector's checkout is, when it is missing. */
  build: string;
}

export const PACKAGE_KINDS: readonly PackageKindInfo[] = [
  {
    kind: "msi",
    pattern: /^ward-agent\.msi$/,
    label: "Windows installer (MSI)",
    contentType: "application/x-msi",
    build: "npm run build:agent && npm run build:installers",
  },
  {
    kind: "deb",
    pattern: /^ward-agent_\d[\w.+~-]{0,40}_amd64\.deb$/,
    label: "Debian and Ubuntu package (.deb)",
    contentType: "application/vnd.debian.binary-package",
    build: "npm run build:agent && npm run build:installers",
  },
  {
    kind: "rpm",
    pattern: /^ward-agent-\d[\w.+~]{0,40}-\d{1,4}\.x86_64\.rpm$/,
    label: "RHEL and Fedora package (.rpm)",
    contentType: "application/x-rpm",
    build: "npm run build:agent && npm run build:installers",
  },
  {
    kind: "pkg",
    pattern: /^ward-agent-\d[\w.+~-]{0,40}\.pkg$/,
    label: "macOS installer package (.pkg)",
    contentType: "application/octet-stream",
    build: "on a Mac: installers/macos/build-pkg.sh, then copy the .pkg into this collector's dist/ folder",
  },
];

export interface AgentPackage {
  kind: PackageKind;
  name: string;
  path: string;
  size: number;
  sha256: string;
}

/**
 * The folder the packages are read from: `distDir` (WARD_DIST_DIR, the same variable the build writes to) or the
 * checkout's dist/ (from source: server/packages/ → ../../dist; the bundle dist/collector/ward-server.mjs → ..).
 */
export function distDirOf(config: Pick<ServerConfig, "distDir">, moduleUrl = import.meta.url): string {
  if (config.distDir) return resolve(config.distDir);
  const here = dirname(fileURLToPath(moduleUrl));
  return moduleUrl.endsWith(".ts") ? resolve(here, "..", "..", "dist") : resolve(here, "..");
}

export function kindOfName(name: string): PackageKindInfo | undefined {
  return PACKAGE_KINDS.find((k) => k.pattern.test(name));
}

const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

async function sha256Of(path: string, size: number, mtimeMs: number): Promise<string> {
  const cached = hashes.get(path);
  if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached.sha256;
  const hash = createHash("sha256");
  const handle = await openPackageFile(path);
  if (!handle) throw new Error(`${path} is not a regular file`);
  for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  const sha256 = hash.digest("hex");
  hashes.set(path, { size, mtimeMs, sha256 });
  return sha256;
}

/**
 * A package file opened for reading without following a symlink (O_NOFOLLOW) or blocking on a FIFO, and only if what
 * was opened is a regular file: a link dropped into dist/ must never serve a file from elsewhere (the database).
 */
export async function openPackageFile(path: string): Promise<FileHandle | undefined> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (!handle) return undefined;
  const s = await handle.stat().catch(() => undefined);
  if (s?.isFile()) return handle;
  await handle.close();
  return undefined;
}

/** One regular file by its name, if it is a known package in the folder (no path; a symlink is not a package). */
export async function findPackage(dir: string, name: string): Promise<AgentPackage | undefined> {
  const info = kindOfName(name);
  if (!info || name.includes("/") || name.includes("\\")) return undefined;
  const path = join(dir, name);
  const s = await lstat(path).catch(() => undefined);
  if (!s?.isFile()) return undefined;
  return { kind: info.kind, name, path, size: s.size, sha256: await sha256Of(path, s.size, s.mtimeMs) };
}

/** The newest file of each kind present in the folder (a missing folder is no packages, not an error). */
export async function listPackages(dir: string): Promise<Map<PackageKind, AgentPackage>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const newest = new Map<PackageKind, { name: string; mtimeMs: number }>();
  for (const name of names) {
    const info = kindOfName(name);
    if (!info) continue;
    const s = await lstat(join(dir, name)).catch(() => undefined);
    if (!s?.isFile()) continue;
    const seen = newest.get(info.kind);
    if (!seen || s.mtimeMs > seen.mtimeMs) newest.set(info.kind, { name, mtimeMs: s.mtimeMs });
  }
  const out = new Map<PackageKind, AgentPackage>();
  for (const [kind, { name }] of newest) {
    const p = await findPackage(dir, name);
    if (p) out.set(kind, p);
  }
  return out;
}
