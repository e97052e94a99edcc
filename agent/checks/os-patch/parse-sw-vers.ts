// Parses `sw_vers`: "ProductName:\tmacOS", "ProductVersion:\t14.4.1", "BuildVersion:\t23E224", optional extra.
import { type Parsed, parsed, unparsed } from "../framework/parsed.js";

export interface SwVers {
  productName: string;
  /** "14.4.1", "10.13" (the first release of a major prints no patch number). */
  version: string;
  build: string;
  /** Rapid Security Response letter, e.g. "(a)", or null. */
  extra: string | null;
}

export function parseSwVers(text: string): Parsed<SwVers> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(\w+):\s*(.*?)\s*$/.exec(raw);
    if (m) values.set(m[1]!, m[2]!);
  }
  const version = values.get("ProductVersion");
  const build = values.get("BuildVersion");
  if (!version || !/^\d+(\.\d+){0,2}$/.test(version))
    return unparsed("sw_vers printed no ProductVersion Ward can read");
  if (!build) return unparsed("sw_vers printed no BuildVersion");
  return parsed({
    productName: values.get("ProductName") ?? "macOS",
    version,
    build,
    extra: values.get("ProductVersionExtra") ?? null,
  });
}

/** The release key of the end-of-support table: "14" from 14.4.1 (macOS 11+), "10.15" from 10.15.7. */
export function macosRelease(version: string): string {
  const [a, b] = version.split(".");
  return a === "10" ? `10.${b ?? "0"}` : a!;
}
