// Test helper: reads a usb-storage fixture file verbatim (tests only; checks themselves never touch the file system).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function fixture(os: "macos" | "linux" | "windows", name: string): string {
  return readFileSync(join(import.meta.dirname, "fixtures", os, name), "utf8");
}
