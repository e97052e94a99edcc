// A laptop refuses a correctly signed policy of another council: it keeps its own, says so, and keeps reporting (issue 14.7).
import { rmSync } from "node:fs";
import { afterEach, expect, it } from "vitest";
import { statusCommand } from "../../agent/cli/commands/status.js";
import { AgentCore } from "../../agent/daemon/agent-core.js";
import { readPolicyRefused } from "../../agent/daemon/policy-store.js";
import { readDeviceKey } from "../../agent/state/identity-store.js";
import { mapSource } from "../../agent/checks/framework/replay-source.js";
import type { RunningServer } from "../../server/main.js";
import { setCouncilPolicy } from "../../server/services/admin.js";
import { sealedPolicy } from "../../server/services/policy.js";
import { findCouncil } from "../../server/stores/council-store.js";
import { open } from "../../shared/crypto/envelope.js";
import { memoryLogger } from "../../shared/logger.js";
import { Policy } from "../../shared/schemas/policy.js";
import { DEVICE, enrolledAgent, startCollector, tokenFor } from "./agent-harness.js";

let server: (RunningServer & { dataDir: string }) | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it("refuses another council's signed policy (newer version, same collector key) and keeps its own", async () => {
  server = await startCollector();
  dirs.push(server.dataDir);
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const mine = await tokenFor(server);
  const other = await tokenFor(server);
  // The other council's policy is newer and laxer: version 3, screen lock after 240 minutes.
  await setCouncilPolicy(deps, other.council.id, { screenLockMaxMinutes: 120 });
  await setCouncilPolicy(deps, other.council.id, { screenLockMaxMinutes: 240 });
  const theirs = sealedPolicy((await findCouncil(server.ctx.db.kysely, other.council.id))!, server.ctx.key);
  expect(open(theirs, server.ctx.key.publicKey, Policy)).toMatchObject({ councilId: other.council.id, version: 3 });

  const agent = await enrolledAgent(server.url, mine.token);
  dirs.push(agent.stateDir);
  expect(agent.enrollment.councilId).toBe(mine.council.id);
  expect((await agent.core.currentPolicy()).councilId).toBe(mine.council.id);

  // The collector's answer (or anything between) hands this laptop the other council's correctly signed policy.
  const log = memoryLogger();
  const core = new AgentCore({
    stateDir: agent.stateDir,
    enrollment: agent.enrollment,
    key: (await readDeviceKey(agent.stateDir))!,
    source: mapSource("linux", {}),
    client: { ...agent.client, fetchPolicy: async () => ({ policy: theirs }) },
    describe: async () => DEVICE,
    log,
    spoolLimits: { maxAgeDays: 30, maxBytes: 50 * 1024 * 1024 },
  });
  expect(await core.syncPolicy()).toBeNull();
  const held = await core.currentPolicy();
  expect([held.councilId, held.version, held.screenLockMaxMinutes]).toEqual([mine.council.id, 1, 30]);
  const warned = log.lines.find((l) => l.level === "warn");
  expect(warned?.message).toBe("policy not updated: this computer keeps its current policy");
  expect(String(warned?.meta.reason)).toMatch(/signed policy for another council .* not this computer's council/);
  expect((await readPolicyRefused(agent.stateDir))?.reason).toMatch(/another council/);

  // It keeps reporting, judged by its own policy.
  const [report] = await core.cycle();
  expect(report?.policyVersion).toBe(1);
  expect(await core.deliver()).toMatchObject({ accepted: 1, error: null });

  // `ward status` says so in words.
  const out: string[] = [];
  await statusCommand(["--state-dir", agent.stateDir], { out: (t) => out.push(t), err: (t) => out.push(t) });
  expect(out.join("")).toContain(
    `Policy refused: The collector sent a signed policy for another council (${other.council.id}), not this computer's council (${mine.council.id}); it is refused and version 1 stays in force.`,
  );

  // Its own council's next policy is accepted, and the refusal is no longer shown.
  await setCouncilPolicy(deps, mine.council.id, { screenLockMaxMinutes: 15 });
  const fresh = await agent.core.syncPolicy();
  expect([fresh?.version, fresh?.councilId]).toEqual([2, mine.council.id]);
  expect(await readPolicyRefused(agent.stateDir)).toBeNull();
}, 30_000);
