// Removes the Authenticode signature from a PE file (node.exe is signed by the OpenJS Foundation): injecting the
// agent invalidates that signature, and a broken signature is worse than none. Layout per the Microsoft PE/COFF spec:
// the certificate table is data directory 4 of the optional header, its "RVA" is a file offset, and it sits at the
// end of the file.

export interface PeInfo {
  /** File offset of the optional header's CheckSum field. */
  checksumOffset: number;
  /** File offset of data directory 4 (certificate table): u32 offset, u32 size. */
  securityDirOffset: number;
  certOffset: number;
  certSize: number;
}

export function readPeInfo(buf: Buffer): PeInfo {
  if (buf.length < 0x40 || buf.toString("latin1", 0, 2) !== "MZ") throw new Error("not a PE file: no MZ header");
  const pe = buf.readUInt32LE(0x3c);
  if (pe + 24 > buf.length || buf.toString("latin1", pe, pe + 4) !== "PE\0\0")
    throw new Error("not a PE file: no PE signature");
  const optional = pe + 24;
  const magic = buf.readUInt16LE(optional);
  // PE32 (0x10b) keeps its data directories at +96, PE32+ (0x20b, 64-bit) at +112; NumberOfRvaAndSizes sits 4 bytes before.
  const dirs = magic === 0x20b ? optional + 112 : magic === 0x10b ? optional + 96 : -1;
  if (dirs < 0) throw new Error(`unknown optional header magic 0x${magic.toString(16)}`);
  const count = buf.readUInt32LE(dirs - 4);
  if (count < 5) return { checksumOffset: optional + 64, securityDirOffset: -1, certOffset: 0, certSize: 0 };
  const securityDirOffset = dirs + 4 * 8;
  return {
    checksumOffset: optional + 64,
    securityDirOffset,
    certOffset: buf.readUInt32LE(securityDirOffset),
    certSize: buf.readUInt32LE(securityDirOffset + 4),
  };
}

export function hasSignature(buf: Buffer): boolean {
  const info = readPeInfo(buf);
  return info.certOffset !== 0 && info.certSize !== 0;
}

/** Returns a copy of `buf` without its certificate table, with the PE checksum recomputed. */
export function removeSignature(buf: Buffer): Buffer {
  const info = readPeInfo(buf);
  if (info.certOffset === 0 || info.certSize === 0) return Buffer.from(buf);
  const end = info.certOffset + info.certSize;
  // The table is 8-byte aligned; anything after it but padding means the file is not laid out as the spec says.
  if (end > buf.length || buf.subarray(end).some((b) => b !== 0)) {
    throw new Error("the certificate table is not at the end of the file; refusing to truncate");
  }
  const out = Buffer.from(buf.subarray(0, info.certOffset));
  out.writeUInt32LE(0, info.securityDirOffset);
  out.writeUInt32LE(0, info.securityDirOffset + 4);
  out.writeUInt32LE(peChecksum(out, info.checksumOffset), info.checksumOffset);
  return out;
}

/** The PE checksum (as imagehlp's CheckSumMappedFile): 16-bit one's-complement-style sum, skipping the field, plus length. */
export function peChecksum(buf: Buffer, checksumOffset: number): number {
  let sum = 0;
  const words = Math.floor(buf.length / 2);
  for (let i = 0; i < words; i++) {
    const at = i * 2;
    if (at === checksumOffset || at === checksumOffset + 2) continue;
    sum += buf.readUInt16LE(at);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (buf.length % 2 === 1) {
    sum += buf[buf.length - 1]!;
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  sum = (sum & 0xffff) + (sum >>> 16);
  return (sum + buf.length) >>> 0;
}
