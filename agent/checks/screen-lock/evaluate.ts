// Pure verdict: the shortest known lock per signed-in user must ask for a password within policy.screenLockMaxMinutes.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import type { Policy } from "../../../shared/schemas/policy.js";
import type { Verdict } from "../framework/check.js";
import type { Mechanism, ScreenLockFacts } from "./facts.js";
import { remediation } from "./remediation.js";

type Judgement =
  | { result: "pass"; by: Mechanism; seconds: number }
  | { result: "fail"; by: Mechanism | null; seconds: number | null }
  | { result: "unknown"; open: Mechanism[] };

/**
 * Mechanisms are alternatives and the shortest wins. One mechanism known to lock within the limit proves a pass.
 * A fail needs every mechanism known: locking later than the limit, never, or "maybe" only beyond the limit.
 * Anything else is unknown, naming the mechanisms Ward could not read.
 */
export function judge(mechanisms: readonly Mechanism[], limitSeconds: number): Judgement {
  if (mechanisms.length === 0) return { result: "unknown", open: [] };
  const locking = mechanisms
    .filter((m): m is Mechanism & { seconds: number } => m.state === "locks" && m.seconds !== null)
    .sort((a, b) => a.seconds - b.seconds);
  const first = locking[0];
  if (first && first.seconds <= limitSeconds) return { result: "pass", by: first, seconds: first.seconds };
  const open = mechanisms.filter(
    (m) => m.state === "unknown" || (m.state === "maybe" && (m.seconds ?? 0) <= limitSeconds),
  );
  if (open.length > 0) return { result: "unknown", open };
  return { result: "fail", by: first ?? null, seconds: first?.seconds ?? null };
}

export function evaluate(facts: ScreenLockFacts, policy: Policy, os: OsPlatform): Verdict {
  const maxMinutes = policy.screenLockMaxMinutes;
  const limit = maxMinutes * 60;
  const fix = remediation(os, maxMinutes);
  const limitText = `the council's limit of ${duration(limit)}`;
  const base: JsonObject = { ...facts, limitMinutes: maxMinutes };

  if (facts.sessions === "none" || (facts.sessions === "unknown" && facts.users.length === 0)) {
    const machine = judge(facts.machine, limit);
    if (machine.result === "pass") {
      return {
        status: "pass",
        summary: `${capital(machine.by.label)} locks any session after ${duration(machine.seconds)}, within ${limitText}.`,
        facts: { ...base, effectiveMinutes: minutes(machine.seconds), setBy: machine.by.id },
        remediation: [],
      };
    }
    if (facts.sessions === "none") {
      return {
        status: "not_applicable",
        summary: "Nobody is signed in to this computer's screen, so there is no session to lock.",
        facts: { ...base, effectiveMinutes: null, setBy: null },
        remediation: [],
      };
    }
    return {
      status: "unknown",
      summary: `Ward could not tell who is signed in, so it could not check the screen lock: ${facts.sessionDetail}`,
      facts: { ...base, effectiveMinutes: null, setBy: null },
      remediation: fix,
    };
  }

  const perUser = facts.users.map((u) => ({ user: u.user, j: judge([...facts.machine, ...u.mechanisms], limit) }));
  const userFacts = perUser.map(({ user, j }) => ({
    user,
    result: j.result,
    effectiveMinutes: j.result === "unknown" || j.seconds === null ? null : minutes(j.seconds),
    setBy: j.result === "unknown" ? null : (j.by?.id ?? null),
    unknownMechanisms: j.result === "unknown" ? j.open.map((m) => m.id) : [],
  }));
  const who = (user: string) => (facts.users.length > 1 ? ` for ${user}` : "");

  const failed = perUser.find((p) => p.j.result === "fail");
  if (failed && failed.j.result === "fail") {
    const j = failed.j;
    const what = j.by
      ? `it asks for a password only after ${duration(j.seconds ?? 0)} (${j.by.label} sets this)`
      : "nothing locks it with a password";
    return {
      status: "fail",
      summary: `This computer's screen does not lock within ${limitText}${who(failed.user)}: ${what}.`,
      facts: {
        ...base,
        perUser: userFacts,
        effectiveMinutes: j.seconds === null ? null : minutes(j.seconds),
        setBy: j.by?.id ?? null,
      },
      remediation: fix,
    };
  }

  const open = perUser.flatMap((p) => (p.j.result === "unknown" ? p.j.open : []));
  if (open.length > 0 || facts.sessions === "unknown" || perUser.some((p) => p.j.result === "unknown")) {
    const reasons = open.map((m) => `${m.label} (${m.id}), ${lowerFirst(m.detail)}`);
    if (facts.sessions === "unknown") reasons.unshift(`signed-in users: ${facts.sessionDetail}`);
    return {
      status: "unknown",
      summary:
        `Ward could not tell whether the screen locks within ${limitText}. Not known: ${reasons.join("; ")}`.slice(
          0,
          1000,
        ),
      facts: { ...base, perUser: userFacts, effectiveMinutes: null, setBy: null },
      remediation: fix,
    };
  }

  const worst = perUser
    .map((p) => p.j)
    .filter((j): j is Extract<Judgement, { result: "pass" }> => j.result === "pass")
    .sort((a, b) => b.seconds - a.seconds)[0];
  if (!worst) {
    return { status: "unknown", summary: "Ward found no screen lock setting to judge.", facts: base, remediation: fix };
  }
  return {
    status: "pass",
    summary: `This computer's screen asks for a password after ${duration(worst.seconds)} of inactivity (${worst.by.label} sets this), within ${limitText}.`,
    facts: { ...base, perUser: userFacts, effectiveMinutes: minutes(worst.seconds), setBy: worst.by.id },
    remediation: [],
  };
}

/** "10 minutes", "1 minute", "45 seconds", "5 minutes 45 seconds". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const mins = `${m} minute${m === 1 ? "" : "s"}`;
  return s === 0 ? mins : `${mins} ${s} second${s === 1 ? "" : "s"}`;
}

const minutes = (seconds: number): number => Math.round((seconds / 60) * 10) / 10;
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
