// Flags every agent command shares: where config and state live.
export const COMMON_FLAGS = {
  "state-dir": { type: "string" },
  config: { type: "string" },
  "log-dir": { type: "string" },
  "log-level": { type: "string" },
} as const;

export function commonFlags(values: Record<string, unknown>) {
  const pick = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  return { stateDir: pick("state-dir"), config: pick("config"), logDir: pick("log-dir"), logLevel: pick("log-level") };
}
