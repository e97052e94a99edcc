// The build outputs the installer tests use; a missing one fails the test with the command that makes it.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { AGENT_EXE, DIST_DIR } from "../lib/paths.js";

export function distFile(name: string, command: string): string {
  const file = join(DIST_DIR, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run ${command} first`);
  return file;
}

export const linuxExe = () => distFile(AGENT_EXE.linux, "npm run build:agent");
export const windowsExe = () => distFile(AGENT_EXE.windows, "npm run build:agent");
export const macosExe = () => distFile(AGENT_EXE.macos, "npm run build:agent");
export const msiFile = () => distFile("ward-agent.msi", "npm run build:installers");

export function distPackage(suffix: string): string {
  const name = existsSync(DIST_DIR) ? readdirSync(DIST_DIR).find((n) => n.endsWith(suffix)) : undefined;
  if (!name) throw new Error(`no *${suffix} in ${DIST_DIR}: run npm run build:installers first`);
  return join(DIST_DIR, name);
}
