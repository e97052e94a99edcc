// The demo council's evidence pack through `ward-server report evidence|verify`: a year of real signed reports,
// the PDF's text as pdftotext reads it, embedded fonts, tags and A4 per pdfinfo/pdffonts, the CSV, the signature
// accepted, and a file with one byte changed refused. Pages are also rendered to PNG for people to look at.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../server/clock.js";
import { reportCli } from "../../server/evidence/cli.js";
import { KEY_FILE } from "../../server/services/collector-key.js";
import { keyIdOf } from "../../shared/crypto/ed25519.js";
import { startCollector } from "../agent/agent-harness.js";
import { DEMO_COUNCIL, DEMO_HOSTS, seedDemoCouncil } from "./demo-council.js";

const POPPLER = spawnSync("pdftotext", ["-v"]).status === 0;
if (!POPPLER && process.env.CI === "true") throw new Error("pdftotext is missing: .ci/run installs poppler-utils");
const suite = POPPLER ? describe : describe.skip;
const SHOTS = join(process.cwd(), "test-artifacts", "evidence");

suite("evidence pack of the demo council", () => {
  let dir = "";
  let pdf = "";
  let publicKey = "";

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    await reportCli(["report", ...argv, "--data-dir", dir], (l) => lines.push(l));
    return lines.join("\n");
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ward-evidence-"));
    const end = new Date();
    const clock = manualClock(end);
    const server = await startCollector(dir, 0, clock);
    try {
      await seedDemoCouncil(server, clock, end);
    } finally {
      await server.close();
    }
    publicKey = (JSON.parse(readFileSync(join(dir, KEY_FILE), "utf8")) as { publicKey: string }).publicKey;
    pdf = join(dir, "demo-pack.pdf");
    const printed = await run("evidence", "--council", DEMO_COUNCIL, "--out", pdf);
    expect(printed).toContain(`signed by ${keyIdOf(publicKey)}`);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads as text: council, fingerprint, the five CE areas, the 14-day rule, every device, attestations, AGAR", () => {
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    expect(text).toContain("Cyber Essentials and AGAR evidence pack");
    expect(text).toContain(DEMO_COUNCIL);
    expect(text).toContain(`Collector key fingerprint: ${keyIdOf(publicKey)}`);
    for (const area of [
      "Firewalls",
      "Secure configuration",
      "Security update management",
      "User access control",
      "Malware protection",
    ]) {
      expect(text).toContain(area);
    }
    expect(text).toContain("The 14-day rule");
    expect(text).toMatch(/within 14 days/);
    for (const host of DEMO_HOSTS) expect(text).toContain(host);
    // What Ward has no device check for says so, and what a device cannot prove is named.
    expect(text).toMatch(/no evidence from devices yet/);
    expect(text).toContain("What Ward cannot prove from a device");
    // The chamber PC lost two reports on the way: its chain shows the gap; the others are unbroken.
    expect(text).toMatch(/CHAMBER-PC[^\n]*✘ \d+ signed reports; 1[\s\S]{0,300}gap/);
    expect(text).toMatch(/CLERK-LAPTOP[^\n]*✔ \d+ signed reports,[\s\S]{0,300}chain unbroken/);
    // The waiver and its reason, the clauses of the council's policy, and the attestations with their evidence.
    expect(text).toMatch(/CHAMBER-PC\s+Screen lock\s+Presentation PC in the council[\s\S]{0,200}chamber: locks/);
    expect(text).toContain("Wellington IT Policy 4.2.3");
    expect(text).toMatch(/MFA on every cloud service: ✔ in force/);
    expect(text).toMatch(/Administrator accounts kept separate: ✘ not recorded/);
    expect(text).toContain("Appendix: AGAR Assertion 10");
    expect(text).toContain("Minute reference: FC 26/109 item 9");
    expect(text).toMatch(/Devices meeting every check at the end of the period: 3 of 4/);
  });

  it("is A4, tagged, with every font embedded, and opens cleanly after signing", () => {
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(info.status).toBe(0);
    expect(info.stderr).toBe("");
    expect(info.stdout).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info.stdout).toMatch(/Tagged:\s+yes/);
    const fonts = execFileSync("pdffonts", [pdf], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/DejaVuSans.*\byes\s+yes\s+yes\b/);
    mkdirSync(SHOTS, { recursive: true });
    execFileSync("pdftoppm", ["-r", "70", "-png", pdf, join(SHOTS, "demo-pack")]);
  });

  it("writes the same rows as CSV, one per device and control, plus the attestations", () => {
    const csv = readFileSync(pdf.replace(/\.pdf$/, ".csv"), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      '"section","area","control","device","serial","asset","status","since","share_passing","last_report","reports_in_period","chain","detail"',
    );
    for (const host of DEMO_HOSTS) expect(csv).toContain(`"${host}"`);
    expect(
      lines.filter((l) =>
        l.startsWith('"device-evidence","Security update management (the 14-day rule)","Security updates"'),
      ),
    ).toHaveLength(DEMO_HOSTS.length);
    expect(lines.filter((l) => l.startsWith('"attestation"'))).toHaveLength(2);
    expect(csv).toContain('"device-evidence","User access control","","","","","no evidence from devices yet"');
  });

  it("verify names the signer, council and time; a file with one byte changed is refused", async () => {
    const ok = await run("verify", pdf);
    expect(ok).toContain("VALID");
    expect(ok).toContain(`Signed by this collector's key ${keyIdOf(publicKey)}`);
    expect(ok).toContain(`Council ${DEMO_COUNCIL}`);
    expect(ok).toMatch(/at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    // Without the collector's database: a key the checker supplies, which the output says must be confirmed with the
    // IT provider (a forger could print their own key on their own cover).
    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    const lines: string[] = [];
    await reportCli(["report", "verify", pdf, "--public-key", publicKey, "--data-dir", elsewhere], (l) =>
      lines.push(l),
    );
    expect(lines.join("\n")).toContain("VALID");
    expect(lines.join("\n")).toContain(`Signed by the key you supplied (${keyIdOf(publicKey)})`);
    expect(lines.join("\n")).toContain("confirm that fingerprint with them");

    const bytes = readFileSync(pdf);
    for (const at of [Math.floor(bytes.length / 2), 200, bytes.length - 20]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 0x01;
      const bad = join(dir, `changed-${at}.pdf`);
      writeFileSync(bad, changed);
      await expect(run("verify", bad)).rejects.toThrow(/REFUSED/);
    }
    const cut = join(dir, "cut.pdf");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 1));
    await expect(run("verify", cut)).rejects.toThrow(/REFUSED/);
  });
});
