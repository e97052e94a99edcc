// Stored facts are read with the control's schema field by field: extra fields dropped, bad ones left out as unknown.
import { describe, expect, it } from "vitest";
import { readFacts } from "./index.js";

describe("readFacts", () => {
  it("keeps good fields, drops unknown ones and leaves a bad one out", () => {
    const facts = readFacts({
      control: "disk-encryption",
      facts: { state: "encrypted", method: "rot13", volume: "C:", extra: 1 },
    });
    expect(facts).toEqual({ state: "encrypted", volume: "C:" });
  });

  it("reads arrays element by element, and a nested object field by field", () => {
    const facts = readFacts({
      control: "usb-storage",
      facts: {
        devices: [
          { vendorId: "0781", approval: "approved" },
          "junk",
          { vendorId: "NOPE", serial: null, approval: "maybe" },
        ],
      },
    }) as { devices: unknown[] };
    expect(facts.devices).toEqual([{ vendorId: "0781", approval: "approved" }, { serial: null }]);
  });

  it("answers an empty object for facts that are not an object", () => {
    expect(readFacts({ control: "hotspot", facts: {} })).toEqual({});
  });
});
