// Tool output decoding: UTF-8, UTF-8 with BOM, UTF-16LE with and without BOM.
import { describe, expect, it } from "vitest";
import { decodeToolOutput } from "./decode.js";

describe("decodeToolOutput", () => {
  it.each([
    ["UTF-8", Buffer.from("Conversion Status: Fully Encrypted"), "Conversion Status: Fully Encrypted"],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("[]")]), "[]"],
    [
      "UTF-16LE with BOM",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Node,Name\r\n", "utf16le")]),
      "Node,Name\r\n",
    ],
    ["UTF-16LE without BOM", Buffer.from("HKEY_USERS\\S-1-5-18\r\n", "utf16le"), "HKEY_USERS\\S-1-5-18\r\n"],
    ["empty", Buffer.alloc(0), ""],
  ])("%s", (_label, bytes, text) => {
    expect(decodeToolOutput(bytes)).toBe(text);
  });
});
