// kill -9 of the agent during spool writes, 50 times: never a corrupt spool entry, never a broken chain; then every
// report reaches the collector exactly once.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAgentState } from "../../agent/state/agent-state.js";
import { readDeviceKey } from "../../agent/state/identity-store.js";
import { integrityEvents } from "../../server/stores/event-store.js";
import { ledgerForDevice } from "../../server/stores/ledger-store.js";
import { enrolledAgent, startCollector, tokenFor } from "../agent/agent-harness.js";
import { bundleChild } from "./child-bundle.js";
import { count } from "./counts.js";
import { auditSpool } from "./spool-audit.js";

const KILLS = Number(process.env.WARD_AGENT_KILLS ?? 50);

/** A small seeded generator, so a failing run can be repeated (the seed is in the test name's output). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function runUntilKilled(
  script: string,
  stateDir: string,
  delayMs: number,
): Promise<{ signal: string | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, stateDir], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      if (!timer && out.includes("ready")) timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.stderr.on("data", (d: Buffer) => (out += d));
    child.on("error", fail);
    child.on("exit", (_code, signal) => {
      clearTimeout(timer);
      done({ signal, out });
    });
  });
}

describe.runIf(process.platform === "linux")("agent killed with SIGKILL during spool writes", () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it(`${KILLS} kills: spool entries whole, chain unbroken, every report delivered once`, async () => {
    const seed = Number(process.env.WARD_SEED ?? Date.now() % 1_000_000);
    const random = lcg(seed);
    const server = await startCollector();
    close = () => server.close();
    const { token } = await tokenFor(server);
    const agent = await enrolledAgent(server.url, token);
    const key = (await readDeviceKey(agent.stateDir))!;
    const script = await bundleChild(resolve(import.meta.dirname, "agent-loop-child.ts"));

    let killed = 0;
    let midWrite = 0;
    let midWriteFiles = 0;
    let stateBehind = 0;
    let corrupt = 0;
    let maxSeq = 0;
    for (let i = 0; i < KILLS; i++) {
      const delay = Math.floor(random() * 1000);
      const r = await runUntilKilled(script, agent.stateDir, delay);
      expect(r.signal, `kill ${i} (seed ${seed}, delay ${delay} ms): ${r.out}`).toBe("SIGKILL");
      killed++;
      const audit = auditSpool(agent.stateDir, key.publicKey);
      corrupt += audit.problems.length;
      if (audit.problems.length) count("corrupt spool entries", audit.problems.length);
      expect(audit.problems, `after kill ${i} (seed ${seed}, delay ${delay} ms)`).toEqual([]);
      if (audit.tempFiles > midWriteFiles) midWrite++;
      midWriteFiles = audit.tempFiles;
      // The state file is whole too, and never ahead of what was spooled or delivered.
      const state = await readAgentState(agent.stateDir);
      if (audit.lastSeq !== null && audit.lastSeq > state.seq) stateBehind++;
      if (audit.lastSeq !== null && state.seq === audit.lastSeq) expect(state.lastHash).toBe(audit.lastHash);
      expect(Math.max(state.seq, audit.lastSeq ?? 0)).toBeGreaterThanOrEqual(maxSeq);
      maxSeq = Math.max(state.seq, audit.lastSeq ?? 0);
    }
    expect(maxSeq).toBeGreaterThan(KILLS);

    // One more cycle in-process (it recovers a state left behind the spool), then deliver everything.
    await agent.core.cycle();
    for (let i = 0; i < 100; i++) {
      const out = await agent.core.deliver();
      expect(out.error).toBeNull();
      expect(out.rejected).toBe(0);
      if (out.remaining === 0) break;
    }
    const state = await readAgentState(agent.stateDir);
    const ledger = await ledgerForDevice(server.ctx.db.kysely, agent.enrollment.deviceId);
    const accepted = ledger.filter((r) => r.outcome === "accepted").map((r) => r.seq);
    const lost = state.seq - new Set(accepted).size;
    const duplicated = accepted.length - new Set(accepted).size;
    count("agent kills survived", killed);
    count("envelopes acknowledged", accepted.length);
    count("envelopes lost", lost);
    count("envelopes duplicated", duplicated);
    count("corrupt spool entries", corrupt);
    expect(accepted).toEqual(Array.from({ length: state.seq }, (_, k) => k + 1));
    expect(ledger.filter((r) => r.outcome !== "accepted")).toEqual([]);
    expect(await integrityEvents(server.ctx.db.kysely, agent.enrollment.deviceId)).toEqual([]);
    expect(auditSpool(agent.stateDir, key.publicKey).entries).toBe(0);
    console.log(
      `agent kill test (seed ${seed}): ${killed} kills, ${midWrite} left a temp file (killed mid-write), ${stateBehind} between the spool write and the state write, ${state.seq} reports delivered once each`,
    );
  });
});
