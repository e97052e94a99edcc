// `npm run build:installers`: the Windows MSI, the .deb and the .rpm in dist/, from the executables of build:agent.
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureDebianPackages } from "./lib/apt.js";
import { writeChecksums } from "./lib/checksums.js";
import { AGENT_EXE, DIST_DIR } from "./lib/paths.js";
import { signingFromEnv } from "./lib/sign.js";
import { WARD_VERSION } from "./lib/versions.js";
import { buildDeb } from "./linux/build-deb.js";
import { buildRpm } from "./linux/build-rpm.js";
import { buildMsi } from "./windows/build-msi.js";

export const INSTALLER_TOOLS = {
  wixl: "wixl",
  msibuild: "msitools",
  msiinfo: "msitools",
  rpmbuild: "rpm",
  "dpkg-deb": "dpkg",
};

async function buildInstallers(): Promise<void> {
  const started = Date.now();
  const signing = signingFromEnv();
  ensureDebianPackages(signing ? { ...INSTALLER_TOOLS, osslsigncode: "osslsigncode" } : INSTALLER_TOOLS);
  const windowsExe = join(DIST_DIR, AGENT_EXE.windows);
  const linuxExe = join(DIST_DIR, AGENT_EXE.linux);
  for (const f of [windowsExe, linuxExe])
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build:agent first`);
  const work = join(DIST_DIR, ".build", "installers");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const step = async (name: string, fn: () => string | Promise<string>): Promise<void> => {
    const t = Date.now();
    const out = await fn();
    process.stderr.write(`built ${out} (${name}, ${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
  };
  await step("MSI", () =>
    buildMsi({
      wardExe: windowsExe,
      outFile: join(DIST_DIR, "ward-agent.msi"),
      workDir: work,
      version: WARD_VERSION,
      ...(signing ? { signing } : {}),
    }),
  );
  // xz over a 100 MB binary dominates both; CI has two cores, so compress the deb and the rpm side by side.
  await Promise.all([
    step("deb", () => buildDeb({ wardBinary: linuxExe, version: WARD_VERSION, workDir: work, outDir: DIST_DIR })),
    step("rpm", () => buildRpm({ wardBinary: linuxExe, version: WARD_VERSION, workDir: work, outDir: DIST_DIR })),
  ]);
  rmSync(work, { recursive: true, force: true });
  process.stderr.write(`wrote ${writeChecksums(DIST_DIR)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

buildInstallers().catch((err: unknown) => {
  process.stderr.write(`build:installers failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
