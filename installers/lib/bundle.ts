// Bundles the agent into one CommonJS file for node:sea (which runs a CommonJS main script) and refuses native addons.
import { readFileSync } from "node:fs";
import { build, type Metafile } from "esbuild";

/**
 * `import.meta` does not exist in CommonJS; esbuild would replace it by an empty object (and hides that warning for
 * node_modules, e.g. node-cron computes a path from import.meta.url at load time). Give the three properties Node
 * defines their SEA meaning: in a single executable, __filename is the executable itself.
 */
const IMPORT_META_BANNER =
  "\"use strict\"; var __wardImportMetaUrl = require('node:url').pathToFileURL(__filename).href, " +
  "__wardImportMetaFilename = __filename, __wardImportMetaDirname = __dirname;";

export interface BundleResult {
  outfile: string;
  warnings: string[];
  inputs: string[];
}

export async function bundleAgent(entry: string, outfile: string): Promise<BundleResult> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    // Stack traces from a clerk's laptop stay readable; the size is dominated by the Node runtime anyway.
    minify: false,
    keepNames: true,
    sourcemap: false,
    legalComments: "eof",
    banner: { js: IMPORT_META_BANNER },
    define: {
      "import.meta.url": "__wardImportMetaUrl",
      "import.meta.filename": "__wardImportMetaFilename",
      "import.meta.dirname": "__wardImportMetaDirname",
    },
    metafile: true,
    logLevel: "silent",
  });
  const warnings = result.warnings.map((w) => `${w.location?.file ?? ""}:${w.location?.line ?? ""} ${w.text}`);
  // Any other use of import.meta is left as esbuild's empty `import_meta` object: it would be undefined at run time.
  const leftover = readFileSync(outfile, "utf8").match(/^.*\bimport_meta\d*\b.*$/gm);
  if (leftover)
    throw new Error(
      `import.meta is used in a way the single executable cannot serve:\n${leftover.slice(0, 5).join("\n")}`,
    );
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  const native = inputs.filter(
    (p) => p.endsWith(".node") || /node_modules\/(bindings|node-gyp-build|prebuild-install)\//.test(p),
  );
  if (native.length > 0)
    throw new Error(`the agent must not load native addons, but the bundle includes:\n${native.join("\n")}`);
  return { outfile, warnings, inputs };
}
