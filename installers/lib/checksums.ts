// Writes dist/SHA256SUMS (the format `sha256sum -c` reads) for every file at the top of dist/.
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256File } from "./fetch-package.js";

export function writeChecksums(distDir: string): string {
  const names = readdirSync(distDir)
    .filter((n) => n !== "SHA256SUMS" && !n.startsWith(".") && statSync(join(distDir, n)).isFile())
    .sort();
  const text = names.map((n) => `${sha256File(join(distDir, n))}  ${n}\n`).join("");
  const out = join(distDir, "SHA256SUMS");
  writeFileSync(out, text);
  return out;
}
