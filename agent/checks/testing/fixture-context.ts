// Test helper: a CollectContext answered from an in-memory map of captured outputs (a missing one is "not captured").
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { ControlId } from "../../../shared/schemas/control.js";
import type { ProbeError } from "../../../shared/schemas/check-result.js";
import type { JsonObject } from "../../../shared/schemas/json-value.js";
import { allProbes } from "../registry.js";
import type { CollectContext } from "../framework/check.js";
import { createContext, inMemoryStore, type MemoryStore } from "../framework/context.js";
import { mapSource } from "../framework/replay-source.js";

export interface FixtureContextOptions {
  now?: Date;
  memory?: MemoryStore;
  control?: ControlId;
  /** Receives the probe errors the context records. */
  errors?: ProbeError[];
  initialMemory?: JsonObject;
}

export function fixtureContext(
  os: OsPlatform,
  outputs: Record<string, string | { text: string; exitCode?: number; stderr?: string }>,
  options: FixtureContextOptions = {},
): CollectContext {
  const control = options.control ?? "disk-encryption";
  const memory = options.memory ?? inMemoryStore(options.initialMemory ? { [control]: options.initialMemory } : {});
  return createContext({
    control,
    source: mapSource(os, outputs),
    probes: allProbes(),
    memory,
    now: options.now ?? new Date(),
    cache: new Map(),
    errors: options.errors ?? [],
  });
}
