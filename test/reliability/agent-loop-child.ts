// Child process for the agent kill test: the real AgentCore over a fixture probe source, cycling (and every few
// cycles delivering) as fast as it can until the parent kills it with SIGKILL. Argument: the state directory.
import { memoryLogger } from "../../shared/logger.js";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { readAgentState } from "../../agent/state/agent-state.js";
import { readDeviceKey, readEnrollment } from "../../agent/state/identity-store.js";
import { createCollectorClient } from "../../agent/transport/collector-client.js";

const stateDir = process.argv[2];
if (!stateDir) throw new Error("usage: agent-loop-child STATE_DIR");
const [enrollment, key] = await Promise.all([readEnrollment(stateDir), readDeviceKey(stateDir)]);
if (!enrollment || !key) throw new Error(`not enrolled: ${stateDir}`);
const device = {
  os: { platform: "linux" as const, name: "Debian GNU/Linux", version: "12", build: "6.1.0-kill" },
  inventory: { hostname: "kill-test", serial: "KILL-0001", model: "ThinkPad", manufacturer: "LENOVO" },
};
// The clock moves a day per cycle, so every cycle writes a full report (the largest spool entry), not a heartbeat;
// it continues from the last cycle a killed run recorded, as a real clock would (it never goes back), and stops at
// the real time (later cycles then write heartbeats).
const last = (await readAgentState(stateDir)).lastCycleAt;
const start = last ? Date.parse(last) : Date.now() - 400 * 86_400_000;
let day = 0;
const core = new AgentCore({
  stateDir,
  enrollment,
  key,
  source: mapSource("linux", {}),
  client: createCollectorClient({ serverUrl: enrollment.serverUrl, retries: 0, timeoutMs: 5000 }),
  describe: async () => device,
  log: memoryLogger(),
  spoolLimits: { maxAgeDays: 100_000, maxBytes: 500 * 1024 * 1024 },
  // Never ahead of real time: the collector refuses reports dated more than a day in its future.
  clock: () => new Date(Math.min(start + day * 86_400_000, Date.now())),
});
process.stdout.write("ready\n");
for (let i = 1; ; i++) {
  day++;
  await core.cycle();
  if (i % 4 === 0) await core.deliver();
}
