// Which Debian packages a build step asks apt for: only those whose commands are missing, each once.
import { describe, expect, it } from "vitest";
import { missingPackages } from "./apt.js";

describe("missingPackages", () => {
  it("lists the packages of missing commands once, sorted", () => {
    const have = (cmd: string) => cmd === "dpkg-deb";
    expect(
      missingPackages({ wixl: "wixl", msibuild: "msitools", msiinfo: "msitools", "dpkg-deb": "dpkg" }, have),
    ).toEqual(["msitools", "wixl"]);
  });
  it("asks for nothing when every command is there", () => {
    expect(missingPackages({ sh: "dash" }, () => true)).toEqual([]);
  });
});
