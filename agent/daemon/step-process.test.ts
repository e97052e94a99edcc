// Step processes: an answer is read, a crash or a hang becomes an error in plain words, and the next step still runs.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryLogger } from "../../shared/logger.js";
import { StepCore } from "./step-core.js";
import { PARENT_PIPE_ENV, StepProcesses } from "./step-process.js";
import { formatStepAnswer, type StepAnswer } from "./step-protocol.js";

/** A stand-in for `ward run --step NAME`: node -e SCRIPT run --step NAME ...; the script decides by the step name. */
function standIn(script: string, budgets: Record<string, number> = {}) {
  return new StepProcesses({
    command: process.execPath,
    prefix: ["-e", `const step = process.argv[process.argv.indexOf("--step") + 1]; ${script}`],
    flags: ["--state-dir", "/nonexistent"],
    log: memoryLogger(),
    budgets,
  });
}

const answer = (a: StepAnswer) => JSON.stringify(formatStepAnswer(a));

/** Running (a zombie left for a reaper that does not reap, as in some containers, is not running). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return process.platform !== "linux";
  }
};

describe("StepProcesses", () => {
  it("reads the marked answer line, whatever else the step printed", async () => {
    const steps = standIn(`console.log("noise"); process.stdout.write(${answer({ ok: true, intervalMinutes: 7 })});`);
    await expect(steps.run("deliver")).resolves.toEqual({ ok: true, intervalMinutes: 7 });
  });

  it("turns a crashed step into an error and runs the next one", async () => {
    const steps = standIn(
      `if (step === "cycle") process.exit(3); process.stdout.write(${answer({ ok: true, intervalMinutes: 15 })});`,
    );
    await expect(steps.run("cycle")).rejects.toThrow("the cycle step ended with exit code 3 without an answer");
    await expect(steps.run("deliver")).resolves.toMatchObject({ ok: true });
    expect(steps.started).toBe(2);
  });

  it("kills a hung step at its bound, with the probe it started, and the next step runs", async () => {
    // The hung step starts a grandchild (a probe) and reports both ids on stderr... here, on a file descriptor we read.
    const steps = standIn(
      `if (step === "watch") { const c = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1e9)"], { stdio: "ignore" }); require("node:fs").writeFileSync(process.env.PID_FILE, process.pid + " " + c.pid); setInterval(() => {}, 1e9); } else process.stdout.write(${answer({ ok: true })});`,
      { watch: 1500 },
    );
    const pidFile = `${process.env.TMPDIR ?? "/tmp"}/ward-step-test-${process.pid}`;
    process.env.PID_FILE = pidFile;
    const started = Date.now();
    await expect(steps.run("watch")).rejects.toThrow("the watch step did not finish within 2 s and was stopped");
    expect(Date.now() - started).toBeLessThan(10_000);
    const [stepPid, probePid] = readFileSync(pidFile, "utf8").split(" ").map(Number);
    rmSync(pidFile, { force: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(stepPid!)).toBe(false);
    if (process.platform !== "win32") expect(alive(probePid!)).toBe(false);
    await expect(steps.run("deliver")).resolves.toEqual({ ok: true });
  });

  it("runs one step at a time", async () => {
    const steps = standIn(
      `const fs = require("node:fs"); const f = process.env.LOCK_FILE; if (fs.existsSync(f)) process.exit(9); fs.writeFileSync(f, ""); setTimeout(() => { fs.rmSync(f); process.stdout.write(${answer({ ok: true })}); }, 300);`,
    );
    process.env.LOCK_FILE = `${process.env.TMPDIR ?? "/tmp"}/ward-step-lock-${process.pid}`;
    const all = await Promise.all([steps.run("watch"), steps.run("deliver"), steps.run("cycle")]);
    expect(all.map((a) => a.ok)).toEqual([true, true, true]);
  });
});

describe("StepCore", () => {
  const fake = () => {
    const calls: string[][] = [];
    const answers: Record<string, StepAnswer> = {
      cycle: {
        ok: true,
        intervalMinutes: 30,
        cycle: { seqs: [4], error: null },
        delivery: { sent: 1, accepted: 1, duplicate: 0, rejected: 0, remaining: 0, error: null },
      },
      deliver: {
        ok: true,
        delivery: { sent: 0, accepted: 0, duplicate: 0, rejected: 0, remaining: 0, error: null },
      },
      watch: { ok: true },
    };
    return {
      calls,
      runner: {
        run: async (step: string, extra: readonly string[] = []) => {
          calls.push([step, ...extra]);
          return answers[step]!;
        },
        idle: async () => undefined,
      },
    };
  };
  const first: StepAnswer = {
    ok: true,
    intervalMinutes: 15,
    watchIntervals: { "usb-storage": 60_000, hotspot: 300_000 },
  };

  it("takes the delivery a cycle step made instead of starting another process, once", async () => {
    const f = fake();
    const core = new StepCore(f.runner, first);
    await core.cycle();
    expect((await core.deliver()).accepted).toBe(1);
    expect(core.intervalMinutes()).toBe(30);
    await core.deliver();
    expect(f.calls.map((c) => c[0])).toEqual(["cycle", "deliver"]);
  });

  it("throws when the cycle failed, yet keeps its delivery for the scheduler", async () => {
    const f = fake();
    const core = new StepCore(
      {
        ...f.runner,
        run: async () => ({
          ok: true,
          cycle: { seqs: [], error: "the disk is full" },
          delivery: { sent: 2, accepted: 2, duplicate: 0, rejected: 0, remaining: 0, error: null },
        }),
      },
      first,
    );
    await expect(core.cycle()).rejects.toThrow("the disk is full");
    expect((await core.deliver()).accepted).toBe(2);
  });

  it("counts a cycle as each watch's poll: no watch step right after a cycle, a forced one still runs", async () => {
    const f = fake();
    const core = new StepCore(f.runner, first);
    await core.cycle();
    await core.watch();
    await core.watch({ force: ["usb-storage"] });
    expect(f.calls).toEqual([["cycle"], ["watch", "--only", "usb-storage"]]);
  });

  it("starts a watch step only for the controls that are due, and at once for a forced one", async () => {
    const f = fake();
    const core = new StepCore(f.runner, first);
    await core.watch();
    await core.watch();
    await core.watch({ force: ["usb-storage"] });
    await core.watch({ slower: { "usb-storage": 600_000 } });
    expect(f.calls).toEqual([
      ["watch", "--only", "usb-storage,hotspot"],
      ["watch", "--only", "usb-storage"],
    ]);
  });
});

describe("a step never outlives the resident agent", () => {
  const ROOT = join(import.meta.dirname, "../..");
  const script =
    "import { exitWithParent } from './agent/cli/commands/run-step.ts'; exitWithParent(); setInterval(() => {}, 1e9);";
  const start = (env: NodeJS.ProcessEnv) =>
    spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "ignore", "inherit"],
    });
  const exited = (c: ReturnType<typeof spawn>, ms: number) =>
    new Promise<number | null | "running">((r) => {
      const t = setTimeout(() => r("running"), ms);
      c.once("exit", (code) => {
        clearTimeout(t);
        r(code);
      });
    });

  it("exits when the agent's end of its stdin closes (the agent died), and only when started by the agent", async () => {
    const byAgent = start({ [PARENT_PIPE_ENV]: "1" });
    const byHand = start({ [PARENT_PIPE_ENV]: "" });
    await new Promise((r) => setTimeout(r, 3000));
    byAgent.stdin!.end();
    byHand.stdin!.end();
    expect(await exited(byAgent, 10_000)).toBe(2);
    expect(await exited(byHand, 1500)).toBe("running");
    byHand.kill("SIGKILL");
  }, 20_000);
});
