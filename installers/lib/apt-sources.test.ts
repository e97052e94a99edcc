// The Debian mirror for the Wine root comes from apt's own configuration: one-line and deb822 sources (the
// examples of sources.list(5) and a real machine's files), and the proxy settings apt-config prints.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  carriedAptOptions,
  debianMirror,
  machineDebianMirror,
  parseDeb822Sources,
  parseOneLineSources,
} from "./apt-sources.js";

const fx = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", "apt", name), "utf8");

describe("apt sources", () => {
  it("reads sources.list(5)'s one-line examples, options in brackets included", () => {
    const sources = parseOneLineSources(fx("sources-list-5-examples.list"));
    expect(sources).toHaveLength(15);
    expect(sources[4]).toEqual({
      types: ["deb"],
      uris: ["http://deb.debian.org/debian"],
      suites: ["bookworm"],
      components: ["main"],
      enabled: true,
    });
    expect(sources[2]!.types).toEqual(["deb-src"]);
  });

  it("reads the same examples in deb822 form to the same sources", () => {
    const one = parseOneLineSources(fx("sources-list-5-examples.list"));
    const deb822 = parseDeb822Sources(fx("sources-list-5-examples.sources"));
    expect(deb822).toHaveLength(10);
    // The last stanza folds six one-line entries (deb and deb-src, three suites) into one.
    expect(deb822.at(-1)).toEqual({
      types: ["deb", "deb-src"],
      uris: ["http://deb.debian.org/debian"],
      suites: ["stable", "testing", "unstable"],
      components: ["main", "contrib"],
      enabled: true,
    });
    expect(deb822.slice(0, 9).map((s) => s.uris[0])).toEqual(one.filter((_, i) => i < 9).map((s) => s.uris[0]));
  });

  it("picks the first binary source of a Debian release with main", () => {
    // file:/home/apt/debian serves stable main: a local mirror counts.
    expect(debianMirror(parseOneLineSources(fx("sources-list-5-examples.list")))).toBe("file:/home/apt/debian");
    expect(debianMirror(parseDeb822Sources(fx("devbox-debian-12.sources")))).toBe("http://deb.debian.org/debian");
  });

  it("does not take a security archive, a third-party repository or a disabled source for Debian", () => {
    const devbox = parseDeb822Sources(fx("devbox-debian-12.sources"));
    expect(devbox.map((s) => s.suites)).toEqual([["bookworm", "bookworm-updates"], ["bookworm-security"]]);
    expect(debianMirror(devbox.slice(1))).toBeUndefined();
    expect(debianMirror(parseDeb822Sources(fx("nodesource.sources")))).toBeUndefined();
    expect(debianMirror(parseOneLineSources(fx("google-cloud-sdk.list")))).toBeUndefined();
    const disabled = fx("devbox-debian-12.sources").replace("Types: deb\n", "Enabled: no\nTypes: deb\n");
    expect(debianMirror(parseDeb822Sources(disabled))).toBeUndefined();
  });

  it("carries apt's proxy and expiry settings to the root's apt, nothing else", () => {
    expect(carriedAptOptions(fx("apt-config-dump-with-proxy.txt"))).toEqual([
      'Acquire::Check-Valid-Until "false";',
      'Acquire::Check-Date "false";',
      'Acquire::http::Proxy "http://127.0.0.1:3142";',
      'Acquire::http::Proxy::deb.example.org "DIRECT";',
    ]);
    expect(carriedAptOptions(fx("devbox-debian-12-apt-config-dump.txt"))).toEqual([
      'Acquire::Check-Valid-Until "false";',
      'Acquire::Check-Date "false";',
    ]);
  });
});

describe("machineDebianMirror", () => {
  let dir: string | undefined;
  const saved = process.env.WARD_DEBIAN_MIRROR;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.WARD_DEBIAN_MIRROR;
    else process.env.WARD_DEBIAN_MIRROR = saved;
  });

  it("reads sources.list before sources.list.d, and says how to name a mirror when there is none", () => {
    delete process.env.WARD_DEBIAN_MIRROR;
    dir = mkdtempSync(join(tmpdir(), "ward-apt-"));
    mkdirSync(join(dir, "sources.list.d"));
    writeFileSync(join(dir, "sources.list.d", "nodesource.sources"), fx("nodesource.sources"));
    expect(() => machineDebianMirror(dir)).toThrow(/set WARD_DEBIAN_MIRROR/);
    writeFileSync(join(dir, "sources.list.d", "debian.sources"), fx("devbox-debian-12.sources"));
    expect(machineDebianMirror(dir)).toBe("http://deb.debian.org/debian");
    writeFileSync(join(dir, "sources.list"), fx("sources-list-5-examples.list"));
    expect(machineDebianMirror(dir)).toBe("file:/home/apt/debian");
    process.env.WARD_DEBIAN_MIRROR = "http://mirror.test/debian";
    expect(machineDebianMirror(dir)).toBe("http://mirror.test/debian");
  });
});
