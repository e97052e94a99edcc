// Property test: whatever the probes print (hostile or corrupt device text), collect never throws, the facts stay
// valid JSON (no NaN, no Infinity), and garbage never turns into a pass.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonObject } from "../../../shared/schemas/json-value.js";
import { Policy } from "../../../shared/schemas/policy.js";
import type { OsPlatform } from "../../../shared/schemas/control.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { osPatchCheck } from "./index.js";

const PROBES: Record<OsPlatform, string[]> = {
  linux: [
    "linux.os-release",
    "linux.apt-upgradable",
    "linux.apt-lists",
    "linux.apt-check",
    "linux.dnf-check-update",
    "linux.dnf-updateinfo",
  ],
  macos: ["mac.sw-vers", "mac.softwareupdate"],
  windows: ["win.os", "win.systeminfo", "win.wu-pending", "win.hotfix"],
};

describe("os-patch on arbitrary probe output", () => {
  it.each(Object.keys(PROBES) as OsPlatform[])("%s: never throws, facts are JSON, never a pass", async (os) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.string(), fc.constant(""), fc.constant("{}"), fc.constant("[]"), fc.constant("Listing... Done")),
          {
            minLength: PROBES[os].length,
            maxLength: PROBES[os].length,
          },
        ),
        async (texts) => {
          const outputs = Object.fromEntries(PROBES[os].map((id, i) => [id, texts[i]!]));
          const ctx = fixtureContext(os, outputs, { now: new Date("2026-11-22T10:00:00Z"), control: "os-patch" });
          const facts = await osPatchCheck.collect(ctx);
          const v = osPatchCheck.evaluate(facts, Policy.parse({}), os);
          expect(JsonObject.safeParse(v.facts).success).toBe(true);
          expect(v.status).not.toBe("pass");
        },
      ),
      { numRuns: 150 },
    );
  });
});
