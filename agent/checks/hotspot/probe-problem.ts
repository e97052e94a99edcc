// One plain line saying why a probe gave no answer, for a mechanism's detail (the context already logs the error).
import type { ProbeOutcome } from "../framework/probe.js";

export function probeProblem(outcome: ProbeOutcome): string {
  return outcome.ok ? "" : outcome.reason === "not_installed" ? `not installed (${outcome.error})` : outcome.error;
}
