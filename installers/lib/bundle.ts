// Bundles the agent into one CommonJS file for node:sea (which runs a CommonJS main script) and refuses native addons.
import { build, type Metafile } from "esbuild";

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
    metafile: true,
    logLevel: "silent",
  });
  const warnings = result.warnings.map((w) => `${w.location?.file ?? ""}:${w.location?.line ?? ""} ${w.text}`);
  // `import.meta.url` is empty in a CJS bundle: code using it would silently get "undefined" at run time.
  const importMeta = result.warnings.filter((w) => w.id === "empty-import-meta");
  if (importMeta.length > 0) throw new Error(`import.meta is used in the agent and breaks in the single executable:\n${warnings.join("\n")}`);
  const inputs = Object.keys((result.metafile as Metafile).inputs);
  const native = inputs.filter((p) => p.endsWith(".node") || /node_modules\/(bindings|node-gyp-build|prebuild-install)\//.test(p));
  if (native.length > 0) throw new Error(`the agent must not load native addons, but the bundle includes:\n${native.join("\n")}`);
  return { outfile, warnings, inputs };
}
