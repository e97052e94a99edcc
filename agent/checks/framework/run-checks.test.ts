// The runner: throws and hangs become unknown, clauses come from the policy, invalid verdicts are caught.
import { describe, expect, it } from "vitest";
import { Policy } from "../../../shared/schemas/policy.js";
import { defineCheck } from "./check.js";
import { mapSource } from "./replay-source.js";
import { runChecks } from "./run-checks.js";

const probe = {
  id: "linux.echo",
  os: "linux" as const,
  description: "test probe",
  spec: () => ({ kind: "exec" as const, file: "echo", args: [] }),
};

const base = {
  title: "Disk encryption",
  probes: [probe],
  evaluate: (facts: { text?: string | null }) => ({
    status: facts.text === "yes" ? ("pass" as const) : ("unknown" as const),
    summary: "s",
    facts,
    remediation: [],
  }),
};

/** A check that reads the echo probe's text (null when the probe gave none). */
const echoCheck = defineCheck({
  ...base,
  control: "disk-encryption",
  collect: async (ctx) => {
    const out = await ctx.probe("linux.echo");
    return { text: out.ok ? out.text : null };
  },
});

describe("runChecks", () => {
  const policy = Policy.parse({ clauses: { "disk-encryption": "Wellington IT Policy 5.2" } });

  it("evaluates from probe output and adds the policy's clause", async () => {
    const [r] = await runChecks({ source: mapSource("linux", { "linux.echo": "yes" }), policy, checks: [echoCheck] });
    expect(r).toMatchObject({
      control: "disk-encryption",
      status: "pass",
      clause: "Wellington IT Policy 5.2",
      probeErrors: [],
    });
  });

  it("records a missing probe as a probe error and never passes", async () => {
    const [r] = await runChecks({ source: mapSource("linux", {}), policy, checks: [echoCheck] });
    expect(r?.status).toBe("unknown");
    expect(r?.probeErrors).toEqual([{ probe: "linux.echo", error: "linux.echo was not captured" }]);
  });

  it("turns a thrown error into unknown with the reason", async () => {
    const check = defineCheck({ ...base, control: "hotspot", collect: async () => Promise.reject(new Error("boom")) });
    const [r] = await runChecks({ source: mapSource("linux", {}), policy, checks: [check] });
    expect(r).toMatchObject({ status: "unknown", probeErrors: [{ probe: "(check)", error: "boom" }] });
  });

  it("bounds a hung check so the cycle still finishes", async () => {
    const hung = defineCheck({ ...base, control: "screen-lock", collect: () => new Promise<never>(() => {}) });
    const fine = defineCheck({ ...base, control: "os-patch", collect: async () => ({ text: "yes" }) });
    const results = await runChecks({
      source: mapSource("linux", {}),
      policy,
      checks: [hung, fine],
      checkBudgetMs: 50,
    });
    expect(results.map((r) => r.status)).toEqual(["unknown", "pass"]);
    expect(results[0]?.summary).toMatch(/could not finish/);
  });

  it("replaces a verdict that breaks the contract with unknown", async () => {
    const bad = defineCheck({
      ...base,
      control: "usb-storage",
      collect: async () => ({}),
      evaluate: () => ({ status: "pass", summary: "", facts: {}, remediation: [] }),
    });
    const [r] = await runChecks({ source: mapSource("linux", {}), policy, checks: [bad] });
    expect(r?.status).toBe("unknown");
    expect(r?.probeErrors.at(-1)?.error).toMatch(/summary/);
  });
});
