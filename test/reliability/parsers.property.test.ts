// Property: every parser in agent/checks/**/parse-*.ts, and every check's collect + evaluate on every OS, survives
// arbitrary probe output (random text, and real captures cut and corrupted): no throw, and garbage is never a pass.
import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CheckStatus, type OsPlatform } from "../../shared/schemas/control.js";
import { JsonObject } from "../../shared/schemas/json-value.js";
import { Policy } from "../../shared/schemas/policy.js";
import { fixtureContext } from "../../agent/checks/testing/fixture-context.js";
import { CHECKS } from "../../agent/checks/registry.js";
import { count } from "./counts.js";
import { damaged, fixtureTexts, randomText } from "./hostile-text.js";

const CHECKS_DIR = resolve(import.meta.dirname, "../../agent/checks");
const RUNS = Number(process.env.WARD_PROPERTY_RUNS ?? 150);
const OSES: OsPlatform[] = ["linux", "macos", "windows"];

function parserFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "fixtures") out.push(...parserFiles(p));
    } else if (/^parse-.*\.ts$/.test(name) && !name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

/** The control folder a parser file belongs to (its fixtures are the corpus it is fuzzed from). */
const controlDirOf = (file: string) =>
  join(
    CHECKS_DIR,
    file
      .slice(CHECKS_DIR.length + 1)
      .split("/")
      .slice(0, -1)
      .join("/"),
  );

type AnyParser = (a: string, b?: string, c?: number | null) => unknown;

const files = parserFiles(CHECKS_DIR);
const parsers: { name: string; file: string; fn: AnyParser; corpus: string[] }[] = [];
for (const file of files) {
  const mod = (await import(file)) as Record<string, unknown>;
  const corpus = fixtureTexts(join(controlDirOf(file), "fixtures"));
  for (const [name, fn] of Object.entries(mod)) {
    if (typeof fn === "function" && /^parse[A-Z]/.test(name))
      parsers.push({ name, file: basename(file), fn: fn as AnyParser, corpus });
  }
}

describe("every parser on arbitrary input", () => {
  it("finds the parsers", () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
    expect(parsers.length).toBeGreaterThanOrEqual(45);
  });

  it.each(parsers.map((p) => [`${p.file} ${p.name}`, p] as const))(
    "%s: answers a Parsed value, never throws",
    (_label, p) => {
      fc.assert(
        fc.property(
          fc.oneof(randomText(), damaged(p.corpus)),
          randomText(),
          fc.option(fc.integer({ min: -1, max: 300 })),
          (text, stderr, exit) => {
            const out = p.fn(text, stderr, exit) as { ok: unknown; error?: unknown; value?: unknown };
            expect(typeof out.ok).toBe("boolean");
            if (out.ok === false) expect(typeof out.error === "string" && out.error.length > 0).toBe(true);
          },
        ),
        { numRuns: RUNS },
      );
      count("parser cases", RUNS);
    },
  );
});

describe("every check's collect + evaluate on arbitrary probe output", () => {
  const policy = Policy.parse({});
  const cases = CHECKS.flatMap((check) =>
    OSES.map(
      (os) =>
        [
          `${check.control} on ${os}`,
          { check, os, ids: check.probes.filter((p) => p.os === os).map((p) => p.id) },
        ] as const,
    ),
  ).filter(([, c]) => c.ids.length > 0);

  it.each(cases)("%s: never throws, facts are JSON, a clerk-readable summary", async (_label, { check, os, ids }) => {
    const corpus = fixtureTexts(join(CHECKS_DIR, check.control, "fixtures", os));
    const output = fc.record({
      text: fc.oneof(randomText(), damaged(corpus)),
      exitCode: fc.constantFrom(0, 0, 0, 1, 2, 127),
      stderr: fc.oneof(fc.constant(""), randomText()),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(output, { freq: 4 }), { minLength: ids.length, maxLength: ids.length }),
        async (outs) => {
          const map = Object.fromEntries(ids.flatMap((id, i) => (outs[i] ? [[id, outs[i]]] : [])));
          const ctx = fixtureContext(os, map, { now: new Date("2026-11-22T10:00:00Z"), control: check.control });
          const facts = await check.collect(ctx);
          const v = check.evaluate(facts, policy, os);
          expect(CheckStatus.options).toContain(v.status);
          expect(v.summary.length).toBeGreaterThan(10);
          expect(JsonObject.safeParse(v.facts).success).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
    count("collect cases", RUNS);
  });

  // Empty output is a real answer for list probes (no USB disks, no wireless interface), so garbage here is text
  // with something in it that no tool prints.
  const garbage = randomText().filter((t) => t.replace(/[\s{}[\]"]|null/g, "").length >= 3);
  it.each(cases)("%s: random text (no real capture in it) is never a pass", async (_label, { check, os, ids }) => {
    await fc.assert(
      fc.asyncProperty(fc.array(garbage, { minLength: ids.length, maxLength: ids.length }), async (texts) => {
        const map = Object.fromEntries(ids.map((id, i) => [id, texts[i]!]));
        const ctx = fixtureContext(os, map, { now: new Date("2026-11-22T10:00:00Z"), control: check.control });
        const v = check.evaluate(await check.collect(ctx), policy, os);
        expect(v.status, v.summary).not.toBe("pass");
      }),
      { numRuns: RUNS },
    );
    count("collect cases", RUNS);
  });
});
