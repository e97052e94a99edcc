// The facts every check reports satisfy its shared description's schema (shared/controls/<control>.ts), which is what
// the collector reads them with: every check run for real on this Linux machine.
import { describe, expect, it } from "vitest";
import { controlDescription } from "../../shared/controls/index.js";
import { DEFAULT_POLICY } from "../../shared/schemas/policy.js";
import { formatZodError } from "../../shared/zod-error.js";
import { createNodePlatform } from "../platform/node-platform.js";
import { liveSource } from "./framework/probe-source.js";
import { runChecks } from "./framework/run-checks.js";
import { CHECKS } from "./registry.js";

describe.runIf(process.platform === "linux")(
  "facts on the wire match the shared descriptions (this Linux machine)",
  () => {
    it("every check's live result carries facts its shared schema accepts, and its title from the description", async () => {
      const results = await runChecks({
        source: liveSource(createNodePlatform("linux")),
        policy: DEFAULT_POLICY,
        checks: CHECKS,
      });
      expect(results.map((r) => r.control)).toEqual(CHECKS.map((c) => c.control));
      let held = 0;
      for (const result of results) {
        const check = CHECKS.find((c) => c.control === result.control)!;
        expect(check.title).toBe(controlDescription(result.control).title);
        // A check that timed out or threw reports empty facts with a "(check)" probe error: nothing to hold to the schema.
        if (result.probeErrors.some((e) => e.probe === "(check)")) continue;
        const parsed = controlDescription(result.control).facts.safeParse(result.facts);
        expect(parsed.success, `${result.control}: ${parsed.success ? "" : formatZodError(parsed.error)}`).toBe(true);
        held++;
      }
      expect(held).toBeGreaterThan(0);
    }, 240_000);
  },
);
