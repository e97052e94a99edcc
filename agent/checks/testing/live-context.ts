// Test helper: a CollectContext on this machine's real probes (Linux tests that run the probes for real).
import type { ProbeError } from "../../../shared/schemas/check-result.js";
import type { ControlId } from "../../../shared/schemas/control.js";
import { createNodePlatform } from "../../platform/node-platform.js";
import { allProbes } from "../registry.js";
import type { CollectContext } from "../framework/check.js";
import { createContext, inMemoryStore } from "../framework/context.js";
import { liveSource } from "../framework/probe-source.js";

export function liveLinuxContext(control: ControlId, errors: ProbeError[] = []): CollectContext {
  return createContext({
    control,
    source: liveSource(createNodePlatform("linux")),
    probes: allProbes(),
    memory: inMemoryStore(),
    now: new Date(),
    cache: new Map(),
    errors,
  });
}
