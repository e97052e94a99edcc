// The chain verifier classifies next, duplicate, gap, fork and stale.
import { describe, expect, it } from "vitest";
import { classifyLink } from "./chain.js";

const h = (c: string) => c.repeat(64);
const state = { lastSeq: 5, lastHash: h("5"), hashAt: (s: number) => (s === 3 ? h("3") : undefined) };

describe("classifyLink", () => {
  it("first report of a device: seq 1 without prevHash is next", () => {
    expect(classifyLink(null, { seq: 1, prevHash: null, hash: h("1") })).toEqual({ kind: "next" });
  });
  it("a report linking onto the newest is next", () => {
    expect(classifyLink(state, { seq: 6, prevHash: h("5"), hash: h("6") })).toEqual({ kind: "next" });
  });
  it("the same seq and hash again is a duplicate", () => {
    expect(classifyLink(state, { seq: 5, prevHash: h("4"), hash: h("5") })).toEqual({ kind: "duplicate" });
    expect(classifyLink(state, { seq: 3, prevHash: h("2"), hash: h("3") })).toEqual({ kind: "duplicate" });
  });
  it("a jump in seq is a gap with the count of missing reports", () => {
    expect(classifyLink(state, { seq: 9, prevHash: h("8"), hash: h("9") })).toEqual({
      kind: "gap",
      missing: 3,
      expectedSeq: 6,
    });
    expect(classifyLink(null, { seq: 4, prevHash: h("3"), hash: h("4") })).toEqual({
      kind: "gap",
      missing: 3,
      expectedSeq: 1,
    });
  });
  it("same seq with other content, or a broken link, is a fork", () => {
    expect(classifyLink(state, { seq: 5, prevHash: h("4"), hash: h("a") }).kind).toBe("fork");
    expect(classifyLink(state, { seq: 6, prevHash: h("b"), hash: h("6") }).kind).toBe("fork");
    expect(classifyLink(state, { seq: 3, prevHash: h("2"), hash: h("c") }).kind).toBe("fork");
    expect(classifyLink(null, { seq: 1, prevHash: h("0"), hash: h("1") }).kind).toBe("fork");
  });
  it("an older report the collector no longer knows is stale", () => {
    expect(classifyLink(state, { seq: 2, prevHash: h("1"), hash: h("2") })).toEqual({ kind: "stale", newestSeq: 5 });
  });
});
