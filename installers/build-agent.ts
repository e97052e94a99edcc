// `npm run build:agent`: bundles the agent and builds the Linux, Windows and macOS (Intel) single executables in dist/.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureDebianPackages } from "./lib/apt.js";
import { bundleAgent } from "./lib/bundle.js";
import { AGENT_ASSET } from "./sea/agent-asset.js";
import { writeChecksums } from "./lib/checksums.js";
import { AGENT_EXE, DIST_DIR, INSTALLERS_DIR } from "./lib/paths.js";
import { buildExecutable, type SeaTarget, writeBlob } from "./lib/sea.js";
import { signFile, signingFromEnv } from "./lib/sign.js";
import { NODE_VERSION } from "./lib/versions.js";

async function buildAgent(): Promise<void> {
  const started = Date.now();
  const signing = signingFromEnv();
  // strip (binutils) for the Linux runtime; tar for the npm tarballs; osslsigncode only when signing.
  ensureDebianPackages({ strip: "binutils", tar: "tar", ...(signing ? { osslsigncode: "osslsigncode" } : {}) });
  const work = join(DIST_DIR, ".build");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  // Two bundles: the small main script (the resident `ward run`) and the whole agent, stored as an asset.
  const bundle = await bundleAgent(join(INSTALLERS_DIR, "sea", "entry.ts"), join(work, "ward.cjs"));
  const agent = await bundleAgent(join(INSTALLERS_DIR, "sea", "agent-entry.ts"), join(work, AGENT_ASSET), {
    asset: true,
  });
  for (const w of [...bundle.warnings, ...agent.warnings]) process.stderr.write(`esbuild warning: ${w}\n`);
  const blob = writeBlob(bundle.outfile, work, { [AGENT_ASSET]: agent.outfile });

  // WARD_AGENT_TARGETS=linux,windows builds a subset (faster while working on one installer).
  const all: SeaTarget[] = ["linux", "windows", "macos"];
  const wanted = process.env.WARD_AGENT_TARGETS?.split(",").map((t) => t.trim());
  const targets = wanted ? all.filter((t) => wanted.includes(t)) : all;
  for (const target of targets) {
    const out = join(DIST_DIR, AGENT_EXE[target]);
    rmSync(out, { force: true });
    await buildExecutable(target, blob, out);
    process.stderr.write(`built ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB, Node ${NODE_VERSION})\n`);
  }
  if (signing && targets.includes("windows")) {
    signFile(join(DIST_DIR, AGENT_EXE.windows), signing, "Ward agent");
    process.stderr.write(`signed ${AGENT_EXE.windows}\n`);
  }
  process.stderr.write(`wrote ${writeChecksums(DIST_DIR)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

buildAgent().catch((err: unknown) => {
  process.stderr.write(`build:agent failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
