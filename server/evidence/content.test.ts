// The pack's headline sentence: what is missing, in the words of the cover.
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../shared/schemas/policy.js";
import { packContent } from "./content.js";

describe("the pack's headline", () => {
  it("names missing attestations and areas without device evidence, keeping MFA and IT in capitals", () => {
    const c = packContent({
      council: { id: "c", name: "Wrentham Parish Council" },
      policy: DEFAULT_POLICY,
      from: "2025-12-04",
      to: "2026-12-03",
      periodStart: "2025-12-04T00:00:00.000Z",
      periodEnd: "2026-12-03T10:00:00.000Z",
      generatedAt: "2026-12-03T10:00:00.000Z",
      devices: [],
      waivers: [],
      attestations: [],
    });
    expect(c.headline).toBe(
      "Wrentham Parish Council had no devices reporting to Ward between 2025-12-04 and 2026-12-03; 0 of 4 attestations are in force (missing or lapsed: MFA on every cloud service; administrator accounts kept separate; application and browser updates; IT policy adopted and reviewed); Ward has no device evidence yet for user access control.",
    );
  });
});
