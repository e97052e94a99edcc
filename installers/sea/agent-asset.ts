// The name under which the whole agent is stored in the single executable (sea-config "assets"), beside the small entry.
export const AGENT_ASSET = "ward-agent.cjs";
