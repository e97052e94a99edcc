// Lays out the Linux file tree shared by the .deb and the .rpm: binary, command symlink, systemd unit, man page, docs.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { INSTALLERS_DIR } from "../lib/paths.js";

export const LINUX_DIR = join(INSTALLERS_DIR, "linux");
export const MAINTAINER = process.env.WARD_PACKAGE_MAINTAINER ?? "Ward maintainers <maintainers@ward.invalid>";

function put(root: string, path: string, data: Buffer | string, mode = 0o644): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
  writeFileSync(file, data);
  chmodSync(file, mode);
}

/** gzip -9n equivalent: no name, no timestamp (reproducible; lintian checks for it). */
function gz(data: Buffer | string): Buffer {
  return gzipSync(data, { level: 9 });
}

export interface StageOptions {
  root: string;
  wardBinary: string;
  version: string;
  /** Where systemd units go: /lib/systemd/system for Debian 12, /usr/lib/systemd/system for RPM systems. */
  unitDir: string;
  /** Debian changelog and copyright under /usr/share/doc/ward-agent (the RPM lists them with %doc/%license). */
  debianDocs: boolean;
}

export function stageLinuxTree(o: StageOptions): void {
  mkdirSync(join(o.root, "usr/lib/ward"), { recursive: true, mode: 0o755 });
  copyFileSync(o.wardBinary, join(o.root, "usr/lib/ward/ward"));
  chmodSync(join(o.root, "usr/lib/ward/ward"), 0o755);
  mkdirSync(join(o.root, "usr/bin"), { recursive: true, mode: 0o755 });
  symlinkSync("../lib/ward/ward", join(o.root, "usr/bin/ward"));
  put(
    o.root,
    join(o.unitDir, "ward-agent.service").replace(/^\//, ""),
    readFileSync(join(LINUX_DIR, "ward-agent.service")),
  );
  put(o.root, "usr/share/man/man8/ward.8.gz", gz(readFileSync(join(LINUX_DIR, "ward.8"))));
  if (o.debianDocs) {
    put(o.root, "usr/share/doc/ward-agent/copyright", readFileSync(join(LINUX_DIR, "debian/copyright")));
    put(o.root, "usr/share/doc/ward-agent/changelog.gz", gz(changelog(o.version)));
    put(o.root, "usr/share/lintian/overrides/ward-agent", readFileSync(join(LINUX_DIR, "debian/lintian-overrides")));
  }
}

/** A one-entry Debian changelog; the date comes from SOURCE_DATE_EPOCH when set (reproducible builds). */
export function changelog(version: string): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? Math.floor(Date.now() / 1000));
  const date = new Date(epoch * 1000).toUTCString().replace("GMT", "+0000");
  return `ward-agent (${version}) unstable; urgency=medium\n\n  * Release ${version}.\n\n -- ${MAINTAINER}  ${date}\n`;
}
