// evaluate/judge tests: shortest lock wins, pass needs one known lock within the limit, fail needs every mechanism known.
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, Policy } from "../../../shared/schemas/policy.js";
import { duration, evaluate, judge } from "./evaluate.js";
import { type Mechanism, mechanism, type ScreenLockFacts } from "./facts.js";

const locks = (id: string, seconds: number): Mechanism => mechanism(id, `mechanism ${id}`, "locks", seconds, "");
const never = (id: string): Mechanism => mechanism(id, `mechanism ${id}`, "never", null, "");
const unknown = (id: string): Mechanism => mechanism(id, `mechanism ${id}`, "unknown", null, `could not read ${id}`);
const maybe = (id: string, seconds: number): Mechanism => mechanism(id, `mechanism ${id}`, "maybe", seconds, "");

const facts = (over: Partial<ScreenLockFacts>): ScreenLockFacts => ({
  os: "windows",
  sessions: "found",
  sessionDetail: "one user",
  machine: [],
  users: [],
  ...over,
});
const policy30 = DEFAULT_POLICY; // screenLockMaxMinutes defaults to 30

describe("judge", () => {
  it("passes on the shortest known lock within the limit, even with other mechanisms unknown", () => {
    const j = judge([unknown("a"), locks("b", 2400), locks("c", 600), maybe("d", 60)], 1800);
    expect(j).toMatchObject({ result: "pass", seconds: 600, by: { id: "c" } });
  });

  it("passes exactly at the limit", () => {
    expect(judge([locks("a", 1800)], 1800).result).toBe("pass");
  });

  it("fails only when every mechanism is known and none is within the limit", () => {
    expect(judge([locks("a", 2400), never("b"), maybe("c", 3600)], 1800)).toMatchObject({
      result: "fail",
      seconds: 2400,
      by: { id: "a" },
    });
    expect(judge([never("a"), never("b")], 1800)).toEqual({ result: "fail", by: null, seconds: null });
  });

  it("is unknown when an unknown mechanism or a 'maybe' within the limit could still lock in time", () => {
    expect(judge([locks("a", 2400), unknown("b")], 1800)).toMatchObject({ result: "unknown", open: [{ id: "b" }] });
    expect(judge([never("a"), maybe("b", 300)], 1800)).toMatchObject({ result: "unknown", open: [{ id: "b" }] });
    expect(judge([], 1800).result).toBe("unknown");
  });
});

describe("evaluate", () => {
  it("passes with the effective minutes and the mechanism that sets them", () => {
    const v = evaluate(
      facts({
        machine: [never("win.reg-inactivity")],
        users: [{ user: "S-1", mechanisms: [locks("win.reg-desktop@S-1", 600)] }],
      }),
      policy30,
      "windows",
    );
    expect(v.status).toBe("pass");
    expect(v.summary).toContain("10 minutes");
    expect(v.facts).toMatchObject({ effectiveMinutes: 10, setBy: "win.reg-desktop@S-1", limitMinutes: 30 });
    expect(v.remediation).toEqual([]);
  });

  it("takes the limit from the policy, never a constant", () => {
    const strict = Policy.parse({ screenLockMaxMinutes: 5 });
    const f = facts({ users: [{ user: "u", mechanisms: [locks("x", 600)] }] });
    expect(evaluate(f, policy30, "macos").status).toBe("pass");
    const v = evaluate(f, strict, "macos");
    expect(v.status).toBe("fail");
    expect(v.remediation.join(" ")).toContain("5 minutes");
  });

  it("fails for the worst user when another user passes, and reports the longer lock", () => {
    const v = evaluate(
      facts({
        users: [
          { user: "alice", mechanisms: [locks("a", 300)] },
          { user: "bob", mechanisms: [locks("b", 3600), never("c")] },
        ],
      }),
      policy30,
      "linux",
    );
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("for bob");
    expect(v.summary).toContain("60 minutes");
    expect(v.facts).toMatchObject({ effectiveMinutes: 60, setBy: "b" });
  });

  it("says plainly when nothing locks with a password", () => {
    const v = evaluate(facts({ users: [{ user: "u", mechanisms: [never("a")] }] }), policy30, "macos");
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("nothing locks it with a password");
    expect(v.remediation[0]).toContain("System Settings > Lock Screen");
  });

  it("is unknown, naming the mechanisms it could not read", () => {
    const v = evaluate(
      facts({ users: [{ user: "u", mechanisms: [locks("a", 3600), unknown("linux.gsettings@u")] }] }),
      policy30,
      "linux",
    );
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("linux.gsettings@u");
    expect(v.facts).toMatchObject({
      effectiveMinutes: null,
      perUser: [{ user: "u", result: "unknown", unknownMechanisms: ["linux.gsettings@u"] }],
    });
  });

  it("does not pass when a session could not be inspected, even if the users seen pass", () => {
    const v = evaluate(
      facts({
        sessions: "unknown",
        sessionDetail: "session 3: unreadable",
        users: [{ user: "u", mechanisms: [locks("a", 60)] }],
      }),
      policy30,
      "linux",
    );
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("session 3: unreadable");
  });

  it("is not applicable when nobody is signed in, unless the machine inactivity limit already locks in time", () => {
    expect(
      evaluate(
        facts({ sessions: "none", sessionDetail: "no user is signed in", machine: [never("win.reg-inactivity")] }),
        policy30,
        "windows",
      ).status,
    ).toBe("not_applicable");
    const v = evaluate(
      facts({ sessions: "none", sessionDetail: "no user is signed in", machine: [locks("win.reg-inactivity", 900)] }),
      policy30,
      "windows",
    );
    expect(v.status).toBe("pass");
    expect(v.facts).toMatchObject({ effectiveMinutes: 15, setBy: "win.reg-inactivity" });
  });

  it("is unknown when it cannot tell who is signed in and no machine-wide lock proves a pass", () => {
    const v = evaluate(
      facts({ sessions: "unknown", sessionDetail: "reg query HKU failed", machine: [unknown("win.powercfg")] }),
      policy30,
      "windows",
    );
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("reg query HKU failed");
    expect(v.remediation.length).toBeGreaterThan(0);
  });

  it("gives each OS its own steps", () => {
    expect(
      evaluate(facts({ users: [{ user: "u", mechanisms: [never("a")] }] }), policy30, "windows").remediation[1],
    ).toContain('"On resume, display logon screen"');
    expect(
      evaluate(facts({ users: [{ user: "u", mechanisms: [never("a")] }] }), policy30, "linux").remediation.join(" "),
    ).toContain("Screen Locking");
  });
});

describe("duration", () => {
  it("writes plain English", () => {
    expect([duration(45), duration(60), duration(600), duration(345)]).toEqual([
      "45 seconds",
      "1 minute",
      "10 minutes",
      "5 minutes 45 seconds",
    ]);
  });
});
