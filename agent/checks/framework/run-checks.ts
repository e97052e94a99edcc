// Runs one check cycle: each control collects through the probe source and evaluates; bounded in time, never throws.
import { CheckResult, type ProbeError } from "../../../shared/schemas/check-result.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import { formatZodError } from "../../../shared/zod-error.js";
import { probesById } from "./all-probes.js";
import type { AnyCheck, Verdict } from "./check.js";
import { createContext, inMemoryStore, type MemoryStore, type ProbeCache } from "./context.js";
import type { ProbeSource } from "./probe-source.js";

export interface RunChecksOptions {
  source: ProbeSource;
  policy: Policy;
  /** The checks to run, in report order (the daemon passes the registry's CHECKS). */
  checks: readonly AnyCheck[];
  memory?: MemoryStore;
  now?: Date;
  /** The whole cycle's budget; a check still running when it is spent answers unknown. Default 5 minutes. */
  cycleBudgetMs?: number;
  /** Longest one check may take, unless the check sets its own budgetMs. Default 60 s. */
  checkBudgetMs?: number;
}

export async function runChecks(o: RunChecksOptions): Promise<CheckResult[]> {
  const checks = o.checks;
  const probes = probesById(checks);
  const memory = o.memory ?? inMemoryStore();
  const now = o.now ?? new Date();
  const cache: ProbeCache = new Map();
  const deadline = Date.now() + (o.cycleBudgetMs ?? 300_000);
  const results: CheckResult[] = [];
  // Sequential on purpose: an old laptop should not start several PowerShell processes at once.
  for (const check of checks) {
    const errors: ProbeError[] = [];
    const budget = Math.max(0, Math.min(o.checkBudgetMs ?? check.budgetMs ?? 60_000, deadline - Date.now()));
    const ctx = createContext({ control: check.control, source: o.source, probes, memory, now, cache, errors });
    let verdict: Verdict;
    try {
      verdict = await withTimeout(
        check.collect(ctx).then((facts) => check.evaluate(facts, o.policy, o.source.os)),
        budget,
      );
    } catch (err) {
      const timedOut = err instanceof CycleTimeout;
      verdict = {
        status: "unknown",
        summary: timedOut
          ? `Ward could not finish the ${check.title.toLowerCase()} check within ${Math.round(budget / 1000)} seconds.`
          : `Ward hit an internal error while checking ${check.title.toLowerCase()}.`,
        facts: {},
        remediation: [],
      };
      errors.push({ probe: "(check)", error: timedOut ? "timed out" : (err as Error).message });
    }
    results.push(toResult(check, verdict, o.policy, errors));
  }
  return results;
}

function toResult(check: AnyCheck, verdict: Verdict, policy: Policy, errors: ProbeError[]): CheckResult {
  const candidate = {
    control: check.control,
    ...verdict,
    clause: policy.clauses[check.control] ?? null,
    probeErrors: errors.slice(0, 100).map((e) => ({ probe: e.probe.slice(0, 200), error: e.error.slice(0, 2000) })),
  };
  const parsed = CheckResult.safeParse(candidate);
  if (parsed.success) return parsed.data;
  // A verdict that breaks the contract is our bug: report it honestly instead of sending an invalid result.
  return {
    control: check.control,
    status: "unknown",
    summary: `Ward produced an invalid ${check.title.toLowerCase()} result and could not report it.`,
    facts: {},
    remediation: [],
    clause: candidate.clause,
    probeErrors: [...candidate.probeErrors.slice(0, 99), { probe: "(check)", error: formatZodError(parsed.error) }],
  };
}

class CycleTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CycleTimeout("timeout")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
