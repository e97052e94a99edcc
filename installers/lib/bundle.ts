// Bundles the agent into one CommonJS file for node:sea (which runs a CommonJS main script) and refuses native addons.
import { readFileSync, writeFileSync } from "node:fs";
import { build, type Metafile, type Plugin } from "esbuild";

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

/**
 * zod (its classic API and its core) re-exports every translation of its error messages (`z.locales`, 400 KB of the
 * agent's code) and sets English itself from its own file. Ward never reads `z.locales`: that index is left out.
 */
const zodWithoutLocales: Plugin = {
  name: "zod-without-locales",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: "zod-locales", namespace: "ward-empty" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "ward-empty" }, () => ({
      contents: "export {};",
      loader: "js",
    }));
  },
};

export interface BundleOptions {
  /**
   * The whole agent as the single executable stores it (an asset): the module wrapped in a function expression,
   * compiled as it is (no second copy of 2 MB for a wrapper), and ASCII only, so that V8 holds it as a one-byte
   * string (one non-ASCII character in a comment makes the whole source two bytes a character).
   */
  asset?: boolean;
}

export async function bundleAgent(entry: string, outfile: string, o: BundleOptions = {}): Promise<BundleResult> {
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
    plugins: [zodWithoutLocales],
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
  if (o.asset)
    writeFileSync(outfile, `${ASSET_WRAPPER[0]}${asciiOnly(readFileSync(outfile, "utf8"))}${ASSET_WRAPPER[1]}`);
  return { outfile, warnings, inputs };
}

/** The CommonJS wrapper the asset carries: compiled, it is the module function the entry calls. */
export const ASSET_WRAPPER = ["(function (exports, require, module, __filename, __dirname) {", "\n})"] as const;

/**
 * Each UTF-16 unit above 0x7F as `\uXXXX`: the same character in a string, template, regular expression or
 * identifier, and harmless text in a comment (esbuild's `charset: "ascii"` leaves comments and regular expressions).
 * A backslash right before such a character would change meaning; the build refuses it rather than guess.
 */
export function asciiOnly(source: string): string {
  const escaped = /\\[^\x00-\x7f]/.exec(source);
  if (escaped)
    throw new Error(`cannot make the agent ASCII: an escaped non-ASCII character at offset ${escaped.index}`);
  return source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
