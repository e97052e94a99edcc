// The Linux single executable, copied out of the repository and started with no Node.js on the machine: it runs
// `check` by itself. node, npm and npx are hidden in a private mount namespace, and so is the repository.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../lib/paths.js";
import { run } from "../lib/run.js";
import { linuxExe } from "../test/dist-files.js";

const STATUSES = ["pass", "fail", "unknown", "not_applicable", "error"];

describe("ward-linux-x64 without Node", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ward-sea-"));
    copyFileSync(linuxExe(), join(dir, "ward"));
    run("chmod", ["755", join(dir, "ward")]);
  });

  /** Runs `script` with node/npm/npx and the repository hidden, in an empty environment. */
  function isolated(script: string) {
    const hide = ["/usr/bin/node", "/usr/bin/npm", "/usr/bin/npx", "/usr/local/bin/node"]
      .map((p) => `[ -e ${p} ] && mount --bind /dev/null ${p}`)
      .join("; ");
    const wrapper = join(dir, "isolated.sh");
    writeFileSync(wrapper, `${hide}\nmount -t tmpfs none "${REPO_ROOT}" || exit 3\ncd "${dir}" || exit 3\n${script}\n`);
    return run(
      "unshare",
      ["--mount", "--propagation", "private", "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "sh", wrapper],
      {
        okCodes: [0, 1, 2],
      },
    );
  }

  it("really has no node to lean on", () => {
    const r = isolated(
      `if node --version >/dev/null 2>&1; then echo NODE; else echo NO_NODE; fi; ls "${REPO_ROOT}" | wc -l`,
    );
    expect(r.stdout.trim().split("\n")).toEqual(["NO_NODE", "0"]);
  });

  it("runs `check --json` and prints a result for every control", () => {
    const r = isolated("./ward check --json > out.json 2> err.txt; echo $? > rc.txt");
    expect(r.status).toBe(0);
    const rc = Number(readFileSync(join(dir, "rc.txt"), "utf8"));
    // 0 = nothing failed, 1 = a control failed (this dev machine's disk is not encrypted); 2 would be an error.
    expect([0, 1]).toContain(rc);
    const out = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as {
      results: { control: string; status: string; summary: string }[];
    };
    const controls = out.results.map((x) => x.control).sort();
    expect(controls).toEqual(
      expect.arrayContaining(["disk-encryption", "hotspot", "os-patch", "screen-lock", "usb-storage"]),
    );
    for (const result of out.results) {
      expect(STATUSES).toContain(result.status);
      expect(result.summary.length).toBeGreaterThan(10);
    }
    expect(readFileSync(join(dir, "err.txt"), "utf8")).not.toMatch(/internal error|Cannot find module/);
  });

  it("is the Node 24 runtime, not the build machine's Node", () => {
    const strings = run("sh", ["-c", `grep -c -a 'v24\\.11\\.1' "${join(dir, "ward")}"`], { okCodes: [0, 1] });
    expect(Number(strings.stdout.trim())).toBeGreaterThan(0);
  });
});
