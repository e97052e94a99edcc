// Known-answer tests for RFC 8785 (JCS): the RFC's own examples (sections 3.2.2, 3.2.3 and Appendix B numbers).
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, parseCanonicalJson } from "./canonical-json.js";

describe("canonical JSON (RFC 8785)", () => {
  it("section 3.2.2: whitespace, numbers, string escapes and literals", () => {
    // The RFC's input text, parsed with JSON.parse as an implementation receives it.
    const input =
      '{\n  "numbers": [333333333.33333329, 1E30, 4.50,\n              2e-3, 0.000000000000000000000000001],\n' +
      '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}';
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalJson(JSON.parse(input))).toBe(expected);
  });

  it("section 3.2.3: sorts properties by UTF-16 code units", () => {
    const input =
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
      ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}';
    // JS objects list integer-like keys first, so compare the text, not Object.keys.
    const expected =
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
      '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}';
    expect(canonicalJson(JSON.parse(input))).toBe(expected);
  });

  // Appendix B: IEEE 754 bit patterns and their canonical text.
  it.each([
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ])("Appendix B: %s serialises as %s", (hex, expected) => {
    expect(canonicalJson(Buffer.from(hex, "hex").readDoubleBE(0))).toBe(expected);
  });

  it.each([
    ["7fffffffffffffff", "NaN"],
    ["7ff0000000000000", "Infinity"],
  ])("Appendix B: %s (%s) is an error", (hex) => {
    expect(() => canonicalJson(Buffer.from(hex, "hex").readDoubleBE(0))).toThrow();
  });

  it("refuses payloads that are valid JSON but not canonical", () => {
    expect(parseCanonicalJson('{"a":1,"b":2}')).toEqual({ a: 1, b: 2 });
    expect(() => parseCanonicalJson('{"b":2,"a":1}')).toThrow(/canonical/);
    expect(() => parseCanonicalJson('{"a": 1}')).toThrow(/canonical/);
    expect(() => parseCanonicalJson("{not json")).toThrow(/not valid JSON/);
    // JSON.parse reads 1e400 as Infinity, which has no JSON form: refused as canonical_invalid, never a plain Error.
    expect(() => parseCanonicalJson('{"a":1e400}')).toThrow(expect.objectContaining({ code: "canonical_invalid" }));
  });

  it("accepts exactly the texts canonicalize writes: its fast path (JSON.stringify and sorted keys) agrees", () => {
    const serialize = canonicalize as unknown as (value: unknown) => string;
    const verdict = (text: string) => {
      try {
        parseCanonicalJson(text);
        return "accepted";
      } catch (err) {
        return (err as { code?: string }).code ?? "threw";
      }
    };
    // Integer-like keys are listed first by JSON.parse whatever the text's order ("10" before "2" in canonical text).
    const keys = fc.oneof(fc.string(), fc.constantFrom("1", "2", "10", "02", "-1", "__proto__", "toJSON", "a", "B"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, 1e-7, 333333333.3333333, 0.1 + 0.2),
        fc.string(),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(keys, tie("value"), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const canonical = serialize(value);
        expect(verdict(canonical)).toBe("accepted");
        // The same value in JSON.parse's own key order, and with its keys reversed: canonical only when canonicalize
        // writes that very text.
        const reversed = JSON.stringify(value, (_k, v) =>
          v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        );
        for (const text of [JSON.stringify(value), reversed]) {
          expect(verdict(text)).toBe(text === serialize(JSON.parse(text)) ? "accepted" : "canonical_invalid");
        }
      }),
      { numRuns: 2000 },
    );
    expect(verdict('{"10":1,"2":2}')).toBe("accepted");
    expect(verdict('{"2":2,"10":1}')).toBe("canonical_invalid");
    expect(verdict('{"a":-0}')).toBe("canonical_invalid");
  });

  it("refuses hostile nesting without exhausting the stack", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(() => parseCanonicalJson(deep)).toThrow(/nested deeper than 64/);
    let value: unknown = 1;
    for (let i = 0; i < 100; i++) value = [value];
    expect(() => canonicalJson(value)).toThrow(/nested deeper/);
    // Brackets inside strings do not count.
    expect(parseCanonicalJson(JSON.stringify({ a: "[[[[".repeat(100) }))).toEqual({ a: "[[[[".repeat(100) });
  });

  it("refuses a lone UTF-16 surrogate in a string or a key (section 3.2.2.2), keeping whole pairs", () => {
    for (const text of ['{"a":"\\ud800"}', '{"a":"x\\udfff"}', '{"\\udc00":1}', '["ok",{"b":["\\udbff"]}]']) {
      expect(() => parseCanonicalJson(text), text).toThrow(
        expect.objectContaining({ code: "canonical_invalid", message: expect.stringMatching(/lone UTF-16 surrogate/) }),
      );
    }
    // A pair is written as itself, and an escaped backslash before "ud" is not an escape.
    expect(parseCanonicalJson('{"a":"\ud83d\ude00"}')).toEqual({ a: "\u{1F600}" });
    expect(parseCanonicalJson('{"a":"\\\\ud800"}')).toEqual({ a: "\\ud800" });
  });

  it("writes a lone surrogate as U+FFFD, so a hostile name cannot make a report unsendable", () => {
    const text = canonicalJson({ label: "USB\ud800", "\udc00key": ["a\udbffb"], ok: "\ud83d\ude00" });
    expect(text).toBe('{"label":"USB\ufffd","ok":"\ud83d\ude00","\ufffdkey":["a\ufffdb"]}');
    expect(parseCanonicalJson(text)).toEqual({ label: "USB\ufffd", "\ufffdkey": ["a\ufffdb"], ok: "\u{1F600}" });
  });

  it("refuses values JSON cannot carry, naming where", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\]/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });
});
