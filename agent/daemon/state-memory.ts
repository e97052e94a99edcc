// Check memory (USB sightings, first-seen update times) kept inside the agent's state file.
import type { ControlId } from "../../shared/schemas/control.js";
import type { JsonObject } from "../../shared/schemas/json-value.js";
import { inMemoryStore, type MemoryStore } from "../checks/framework/context.js";
import type { AgentState } from "../state/agent-state.js";

export function stateMemoryStore(
  state: AgentState,
): MemoryStore & { snapshot(): Partial<Record<ControlId, JsonObject>> } {
  return inMemoryStore(state.memory);
}
