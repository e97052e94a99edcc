// Tests for the shared lsblk parser on a real capture and on malformed input.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deviceMountedAt, parseLsblk } from "./parse-lsblk.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/linux/${name}`, import.meta.url), "utf8");

describe("parseLsblk", () => {
  it("reads the dev machine's virtio disk mounted at / with no crypt layer", () => {
    const r = parseLsblk(fixture("lsblk-vm-virtio-unencrypted.json"));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.map((d) => d.name)).toEqual(["/dev/zram0", "/dev/vda"]);
    const root = deviceMountedAt(r.value, "/");
    expect(root).toMatchObject({ name: "/dev/vda", type: "disk", removable: false, tran: null, ancestors: [] });
  });

  it("keeps ancestors nearest first for nested devices", () => {
    const text = JSON.stringify({
      blockdevices: [
        {
          name: "/dev/sda",
          type: "disk",
          tran: "sata",
          rm: "0",
          children: [
            {
              name: "/dev/sda3",
              type: "part",
              children: [{ name: "/dev/mapper/root", type: "crypt", mountpoint: "/" }],
            },
          ],
        },
      ],
    });
    const r = parseLsblk(text);
    if (!r.ok) throw new Error(r.error);
    const root = deviceMountedAt(r.value, "/");
    expect(root?.ancestors.map((a) => a.type)).toEqual(["part", "disk"]);
    expect(r.value[0]?.removable).toBe(false);
  });

  it.each([
    ["not JSON", "lsblk: unknown column: TRAN"],
    ["no list", '{"devices": []}'],
    ["device without a name", '{"blockdevices": [{"type": "disk"}]}'],
    ["non-object device", '{"blockdevices": [1]}'],
  ])("answers an error for %s", (_label, text) => {
    expect(parseLsblk(text).ok).toBe(false);
  });
});
