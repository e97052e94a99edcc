// evaluate: end of support and pending security updates against policy.patch.maxPendingDays, never pass by default.
import { describe, expect, it } from "vitest";
import { Policy } from "../../../shared/schemas/policy.js";
import { evaluateOsPatch } from "./evaluate.js";
import { type OsPatchFacts, type PendingFacts, unknownPending } from "./facts.js";

const policy = (maxPendingDays = 14) => Policy.parse({ patch: { maxPendingDays } });

const known = (p: Partial<PendingFacts> = {}): PendingFacts => ({
  ...unknownPending("x"),
  status: "known",
  reason: null,
  count: 0,
  securityCount: 0,
  securityAllDated: true,
  ...p,
});

const facts = (p: Partial<OsPatchFacts> = {}): OsPatchFacts => ({
  checkedAt: "2026-11-22T09:00:00.000Z",
  os: { platform: "linux", name: "Debian GNU/Linux 12 (bookworm)", version: "12", build: null, edition: null },
  eosKey: { products: ["debian"], release: "12", note: null },
  pending: known(),
  lastPatchInstalledOn: null,
  probesAnswered: [],
  ...p,
});

describe("evaluateOsPatch", () => {
  it("passes a supported release with no security updates waiting", () => {
    const v = evaluateOsPatch(facts({ pending: known({ count: 3 }) }), policy(), "linux");
    expect(v.status).toBe("pass");
    expect(v.summary).toMatch(/No security updates are waiting \(3 other updates waiting\)/);
    expect(v.remediation).toEqual([]);
  });

  it("fails an ended release even with nothing waiting", () => {
    const f = facts({
      os: {
        platform: "windows",
        name: "Microsoft Windows 10 Pro",
        version: "22H2",
        build: "19045.6456",
        edition: "home-pro",
      },
      eosKey: { products: ["windows-10-home-pro"], release: "22H2", note: null },
    });
    const v = evaluateOsPatch(f, policy(), "windows");
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/no longer gets security fixes/);
    expect(v.remediation[0]).toMatch(/ask your IT provider to upgrade/);
  });

  it("fails when a security update has waited longer than the policy allows (measured from release)", () => {
    const v = evaluateOsPatch(
      facts({ pending: known({ count: 2, securityCount: 1, securityOldestDays: 20 }) }),
      policy(14),
      "linux",
    );
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/waiting for 20 days; the council allows 14/);
  });

  it("takes the limit from the policy, not a constant", () => {
    const f = facts({ pending: known({ count: 1, securityCount: 1, securityOldestDays: 20 }) });
    expect(evaluateOsPatch(f, policy(30), "linux").status).toBe("pass");
    expect(evaluateOsPatch(f, policy(7), "linux").status).toBe("fail");
  });

  it("says 'at least' when the age is from first sighting, and fails once it passes the limit", () => {
    const p = known({
      count: 1,
      securityCount: 1,
      securityOldestDays: 15,
      securityOldestIsLowerBound: true,
      securityAllDated: false,
    });
    const v = evaluateOsPatch(facts({ pending: p }), policy(14), "linux");
    expect(v.status).toBe("fail");
    expect(v.summary).toMatch(/at least 15 days/);
  });

  it("answers unknown for undated security updates seen recently (no proof either way)", () => {
    const p = known({
      count: 1,
      securityCount: 1,
      securityOldestDays: 3,
      securityOldestIsLowerBound: true,
      securityAllDated: false,
    });
    const v = evaluateOsPatch(facts({ pending: p }), policy(14), "linux");
    expect(v.status).toBe("unknown");
    expect(v.summary).toMatch(/first saw it 3 days ago/);
  });

  it("passes dated security updates all younger than the limit", () => {
    const p = known({ count: 1, securityCount: 1, securityOldestDays: 5, securityAllDated: true });
    expect(evaluateOsPatch(facts({ pending: p }), policy(14), "linux").status).toBe("pass");
  });

  it("on Windows, needs a recent install before a young cumulative update counts as proof", () => {
    const win = (lastPatchInstalledOn: string | null) =>
      facts({
        os: {
          platform: "windows",
          name: "Microsoft Windows 11 Pro",
          version: "25H2",
          build: "26200.7171",
          edition: "home-pro",
        },
        eosKey: { products: ["windows-11-home-pro"], release: "25H2", note: null },
        pending: known({ count: 1, securityCount: 1, securityOldestDays: 5, securityAllDated: true }),
        lastPatchInstalledOn,
      });
    expect(evaluateOsPatch(win("2026-10-20"), policy(14), "windows").status).toBe("pass");
    const stale = evaluateOsPatch(win("2026-06-10"), policy(14), "windows");
    expect(stale.status).toBe("unknown");
    expect(stale.summary).toMatch(/no update installed since 10 June 2026/);
    expect(evaluateOsPatch(win(null), policy(14), "windows").status).toBe("unknown");
  });

  it("answers unknown when the update lists are older than the limit", () => {
    const v = evaluateOsPatch(facts({ pending: known({ sourceAgeDays: 37 }) }), policy(14), "linux");
    expect(v.status).toBe("unknown");
    expect(v.summary).toMatch(/update lists are 37 days old/);
    expect(v.remediation.join(" ")).toMatch(/Software Updater/);
  });

  it("answers unknown when nothing says what is pending, or the release is not in the table", () => {
    expect(evaluateOsPatch(facts({ pending: unknownPending("apt did not answer") }), policy(), "linux").status).toBe(
      "unknown",
    );
    const unknownRelease = facts({ eosKey: { products: ["ubuntu"], release: "26.10", note: null } });
    expect(evaluateOsPatch(unknownRelease, policy(), "linux").status).toBe("unknown");
  });

  it("reports the end-of-support decision and the limit in the facts", () => {
    const v = evaluateOsPatch(facts(), policy(10), "linux");
    expect(v.facts).toMatchObject({ maxPendingDays: 10, eos: { status: "supported", endOfSupport: "2028-06-10" } });
  });
});
