// The .deb installed into a throwaway root (dpkg --root), its unit checked by systemd-analyze verify, lintian on the
// .deb, and the .rpm listed with its scriptlets checked.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureDebianPackages } from "../lib/apt.js";
import { run } from "../lib/run.js";
import { WARD_VERSION } from "../lib/versions.js";
import { distPackage } from "../test/dist-files.js";

const TOKEN = `wet_${"b".repeat(43)}`;

describe(".deb in a throwaway root", () => {
  let root: string;
  let deb: string;
  beforeAll(() => {
    ensureDebianPackages({ lintian: "lintian", "systemd-analyze": "systemd", unshare: "util-linux" });
    deb = distPackage(".deb");
    root = mkdtempSync(join(tmpdir(), "ward-deb-root-"));
    mkdirSync(join(root, "var/lib/dpkg/info"), { recursive: true });
    mkdirSync(join(root, "var/lib/dpkg/updates"), { recursive: true });
    writeFileSync(join(root, "var/lib/dpkg/status"), "");
  });

  const dpkg = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    // Scripts run outside a chroot with DPKG_ROOT set (the postinst honours it); the empty root has none of the
    // package's dependencies, hence --force-depends.
    run("dpkg", [`--root=${root}`, "--force-script-chrootless", "--force-depends", "--log=/dev/null", ...args], {
      env: { ...process.env, ...env },
    });

  it("has the expected metadata and files", () => {
    const info = run("dpkg-deb", ["--field", deb, "Package", "Version", "Architecture", "Depends"]).stdout;
    expect(info).toContain("Package: ward-agent");
    expect(info).toContain(`Version: ${WARD_VERSION}`);
    expect(info).toContain("Architecture: amd64");
    const files = run("dpkg-deb", ["--contents", deb]).stdout;
    for (const f of [
      "./usr/lib/ward/ward",
      "./lib/systemd/system/ward-agent.service",
      "./usr/share/doc/ward-agent/copyright",
    ]) {
      expect(files).toContain(f);
    }
    expect(files).toMatch(/\.\/usr\/bin\/ward -> \.\.\/lib\/ward\/ward/);
  });

  it("installs with SERVER_URL and ENROLL_TOKEN, writing /etc/ward/agent.json 0600 in a 0700 folder", () => {
    const r = dpkg(["-i", deb], { SERVER_URL: "https://ward.example.org", ENROLL_TOKEN: TOKEN });
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    const config = join(root, "etc/ward/agent.json");
    expect(JSON.parse(readFileSync(config, "utf8"))).toEqual({
      serverUrl: "https://ward.example.org",
      enrollToken: TOKEN,
    });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "etc/ward")).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, "var/lib/ward")).mode & 0o777).toBe(0o700);
    expect(run(join(root, "usr/bin/ward"), ["help"]).stdout).toContain("Usage: ward");
    expect(run("dpkg", [`--root=${root}`, "-s", "ward-agent"]).stdout).toMatch(/Status: install ok installed/);
  });

  it("has a unit that systemd-analyze verify accepts with nothing on stderr", () => {
    const unit = join(root, "lib/systemd/system/ward-agent.service");
    // The unit's ExecStart and man page live in the throwaway root: lay its /usr/lib and /usr/share over the host's
    // (read-only overlays in a private mount namespace), so verify checks them as on an installed system.
    const overlay = (dir: string) => `mount -t overlay overlay -o lowerdir=${root}${dir}:${dir} ${dir}`;
    const r = run(
      "unshare",
      [
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        `${overlay("/usr/lib")} && ${overlay("/usr/share")} && exec systemd-analyze verify "$0"`,
        unit,
      ],
      { okCodes: [0, 1] },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const security = run("unshare", [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      `${overlay("/usr/lib")} && ${overlay("/usr/share")} && exec systemd-analyze security --offline=true --no-pager "$0"`,
      unit,
    ]).stdout;
    // systemd's own scale: 0 (locked down) to 10 (exposed); below 5 reads "OK".
    expect(Number(/Overall exposure level for ward-agent\.service: ([\d.]+)/.exec(security)?.[1])).toBeLessThan(5);
    const text = readFileSync(unit, "utf8");
    for (const line of [
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "ProtectHome=read-only",
      "PrivateTmp=yes",
      "CapabilityBoundingSet=CAP_SYS_ADMIN CAP_SETUID CAP_SETGID",
      "ExecStart=/usr/lib/ward/ward run",
    ]) {
      expect(text.split("\n")).toContain(line);
    }
  });

  it("a reinstall without variables keeps the config; purge removes config and state", () => {
    dpkg(["-i", deb]);
    expect(JSON.parse(readFileSync(join(root, "etc/ward/agent.json"), "utf8")).serverUrl).toBe(
      "https://ward.example.org",
    );
    dpkg(["--remove", "ward-agent"]);
    expect(existsSync(join(root, "usr/lib/ward/ward"))).toBe(false);
    expect(existsSync(join(root, "etc/ward/agent.json"))).toBe(true);
    dpkg(["--purge", "ward-agent"]);
    expect(existsSync(join(root, "etc/ward"))).toBe(false);
    expect(existsSync(join(root, "var/lib/ward"))).toBe(false);
  });

  it("refuses an install with a malformed token (postinst fails, nothing written)", () => {
    expect(() => dpkg(["-i", deb], { SERVER_URL: "https://ward.example.org", ENROLL_TOKEN: "not-a-token" })).toThrow(
      /not a Ward enrolment token/,
    );
    expect(existsSync(join(root, "etc/ward/agent.json"))).toBe(false);
    dpkg(["--purge", "ward-agent"]);
  });

  it("is lintian clean apart from the justified overrides", () => {
    const r = run("lintian", ["--tag-display-limit", "0", "--fail-on", "error,warning", deb], { okCodes: [0, 1, 2] });
    expect(r.stdout.split("\n").filter((l) => /^[EW]: /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
  }, 600_000);
});

describe(".rpm", () => {
  let rpm: string;
  beforeAll(() => {
    rpm = distPackage(".x86_64.rpm");
    ensureDebianPackages({ cpio: "cpio", rpm2cpio: "rpm" });
  });

  it("lists the binary, command, unit and man page", () => {
    const files = run("rpm", ["-qlp", rpm]).stdout.trim().split("\n").sort();
    expect(files).toEqual([
      "/usr/bin/ward",
      "/usr/lib/systemd/system/ward-agent.service",
      "/usr/lib/ward",
      "/usr/lib/ward/ward",
      "/usr/share/man/man8/ward.8.gz",
    ]);
    expect(run("rpm", ["-qp", "--qf", "%{NAME} %{VERSION} %{ARCH}", rpm]).stdout).toBe(
      `ward-agent ${WARD_VERSION} x86_64`,
    );
  });

  it("has scriptlets that parse and do the right thing on install, upgrade and erase", () => {
    const scripts = run("rpm", ["-qp", "--scripts", rpm]).stdout;
    const parts: Record<string, string> = Object.fromEntries(
      [...scripts.matchAll(/^(\w+) scriptlet \(using \/bin\/sh\):\n([\s\S]*?)(?=^\w+ scriptlet|$(?![\s\S]))/gm)].map(
        (m) => [m[1] ?? "", m[2] ?? ""],
      ),
    );
    expect(Object.keys(parts).sort()).toEqual(["postinstall", "postuninstall", "preuninstall"]);
    for (const [name, body] of Object.entries(parts)) {
      const file = join(mkdtempSync(join(tmpdir(), "ward-rpm-")), `${name}.sh`);
      writeFileSync(file, body);
      expect(run("sh", ["-n", file]).status).toBe(0);
    }
    // The token reaches the executable through its environment, not its argv.
    expect(parts.postinstall).toContain(["WARD_ENROLL_TOKEN=", '"$', '{ENROLL_TOKEN:-}"'].join(""));
    expect(parts.postinstall).toContain(
      "installer write-config --config /etc/ward/agent.json --state-dir /var/lib/ward",
    );
    expect(parts.postinstall).toContain("systemctl enable --now ward-agent.service");
    expect(parts.preuninstall).toMatch(/if \[ "\$1" -eq 0 \][^\n]*\n\s+systemctl disable --now ward-agent.service/);
    expect(parts.postuninstall).toMatch(/if \[ "\$1" -eq 0 \]; then\n\s+rm -rf \/etc\/ward \/var\/lib\/ward/);
  });

  it("extracts to the same binary as the .deb's", () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-rpm-x-"));
    run("sh", ["-c", `rpm2cpio "${rpm}" | (cd "${dir}" && cpio -idm --quiet ./usr/lib/ward/ward)`]);
    expect(statSync(join(dir, "usr/lib/ward/ward")).size).toBeGreaterThan(50_000_000);
    expect(run(join(dir, "usr/lib/ward/ward"), ["help"]).stdout).toContain("Usage: ward");
  });
});
