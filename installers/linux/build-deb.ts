// Builds dist/ward-agent_<version>_amd64.deb with dpkg-deb from the staged tree and installers/linux/debian/.
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { runAsync } from "../lib/run.js";
import { LINUX_DIR, MAINTAINER, stageLinuxTree } from "./stage-linux.js";

export interface DebOptions {
  wardBinary: string;
  version: string;
  workDir: string;
  outDir: string;
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walkFiles(p);
    return e.isFile() ? [p] : [];
  });
}

/** Installed-Size in KiB, as dpkg-gencontrol counts it (one per file rounded up, symlinks and directories 1 each). */
function installedSize(root: string): number {
  let kib = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      kib += e.isFile() ? Math.ceil(statSync(p).size / 1024) : 1;
      if (e.isDirectory()) walk(p);
    }
  };
  walk(root);
  return kib;
}

export async function buildDeb(o: DebOptions): Promise<string> {
  const root = join(o.workDir, "deb-root");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true, mode: 0o755 });
  stageLinuxTree({
    root,
    wardBinary: o.wardBinary,
    version: o.version,
    unitDir: "/lib/systemd/system",
    debianDocs: true,
  });

  const md5sums = walkFiles(root)
    .map((f) => `${createHash("md5").update(readFileSync(f)).digest("hex")}  ${relative(root, f)}\n`)
    .sort()
    .join("");
  const control = readFileSync(join(LINUX_DIR, "debian/control.in"), "utf8")
    .replace("@VERSION@", o.version)
    .replace("@MAINTAINER@", MAINTAINER)
    .replace("@SIZE@", String(installedSize(root)));
  const meta = join(root, "DEBIAN");
  mkdirSync(meta, { mode: 0o755 });
  writeFileSync(join(meta, "control"), control);
  writeFileSync(join(meta, "md5sums"), md5sums);
  for (const script of ["postinst", "prerm", "postrm"]) {
    copyFileSync(join(LINUX_DIR, "debian", script), join(meta, script));
    chmodSync(join(meta, script), 0o755);
  }
  const out = join(o.outDir, `ward-agent_${o.version}_amd64.deb`);
  await runAsync("dpkg-deb", ["--root-owner-group", "-Zxz", "--build", root, out]);
  return out;
}
