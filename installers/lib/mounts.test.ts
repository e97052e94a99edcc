// Mount points under a folder, from the mounts a running mmdebstrap makes on the build machine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mountsUnder } from "./mounts.js";

const fx = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", "mounts", name), "utf8");

describe("mountsUnder", () => {
  it("lists the chroot's mounts deepest first and nothing outside the folder", () => {
    const info = fx("mountinfo-build-machine.txt") + fx("grep-mountinfo-mmdebstrap-running.txt");
    const root = "/var/cache/ward-build/wine-trixie.partial";
    const found = mountsUnder(info, root);
    expect(found).toEqual(
      expect.arrayContaining([`${root}/proc`, `${root}/sys`, `${root}/dev/pts`, `${root}/dev/shm`]),
    );
    expect(found).toHaveLength(4);
    expect(mountsUnder(info, "/var/cache/ward-build/wine-trixie")).toEqual([]);
    expect(mountsUnder(info, "/var/cache")).toHaveLength(4);
    expect(mountsUnder(fx("mountinfo-build-machine.txt"), root)).toEqual([]);
  });

  it("decodes mountinfo's octal escapes", () => {
    const line = "45 27 0:40 / /tmp/with\\040space/proc rw,relatime - proc proc rw";
    expect(mountsUnder(line, "/tmp/with space")).toEqual(["/tmp/with space/proc"]);
  });
});
