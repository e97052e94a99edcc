// `npm run build:collector`: the collector as one bundled JavaScript file run by Node itself (dist/collector/), so the
// service manager signals the server directly: no npx or tsx parent that SIGKILLs it 30 ms after SIGTERM.
// Dependencies stay in node_modules (better-sqlite3 and pg are native or optional; `npm ci --omit=dev` installs them).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { DIST_DIR, REPO_ROOT } from "../lib/paths.js";

export const COLLECTOR_BUNDLE = "ward-server.mjs";

/** Bundles server/cli/main.ts into `outDir`/ward-server.mjs, with the dashboard's assets beside it. */
export async function buildCollector(outDir = join(DIST_DIR, "collector")): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, COLLECTOR_BUNDLE);
  await build({
    entryPoints: [join(REPO_ROOT, "server", "cli", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    banner: { js: "#!/usr/bin/env node" },
  });
  // server/dashboard/assets.ts reads ./assets/<name> next to the running module.
  cpSync(join(REPO_ROOT, "server", "dashboard", "assets"), join(outDir, "assets"), { recursive: true });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await buildCollector();
  process.stderr.write(`built ${out}\n`);
}
