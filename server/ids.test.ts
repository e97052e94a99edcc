// Ids: unique, of the documented shape, and ordered ids sort by creation time as text (their index inserts at the end).
import { expect, it } from "vitest";
import { newId, newOrderedId } from "./ids.js";

it("makes distinct ids of the documented shape", () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => newId("led")));
  expect(ids.size).toBe(10_000);
  for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^led_[A-Za-z0-9_-]{22}$/);
  expect(newId("wet", 32)).toMatch(/^wet_[A-Za-z0-9_-]{43}$/);
});

it("orders ordered ids by their time, as text", () => {
  const times = [0, 1, 61, 62, 1_000_000, Date.parse("2026-12-04T00:00:00Z"), Date.parse("2199-01-01T00:00:00Z")];
  const ids = times.map((t) => newOrderedId("led", t));
  for (const id of ids) expect(id).toMatch(/^led_[0-9A-Za-z]{8}[A-Za-z0-9_-]{16}$/);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(Array.from({ length: 10_000 }, () => newOrderedId("led", 5))).size).toBe(10_000);
});
