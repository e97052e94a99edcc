// Installs the Debian packages a build step needs when their commands are missing (apt-get as root, as CI runs).
import { haveCommand, run } from "./run.js";

/** command -> Debian package that provides it. */
export type ToolPackages = Record<string, string>;

export function missingPackages(tools: ToolPackages, have: (cmd: string) => boolean = haveCommand): string[] {
  return [
    ...new Set(
      Object.entries(tools)
        .filter(([cmd]) => !have(cmd))
        .map(([, pkg]) => pkg),
    ),
  ].sort();
}

export function ensureDebianPackages(tools: ToolPackages): void {
  const missing = missingPackages(tools);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing tools; install them first: sudo apt-get install ${missing.join(" ")}`);
  }
  process.stderr.write(`installing Debian packages: ${missing.join(" ")}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env });
}
