// Capture then replay: the folder format (platform.json, <id>[@q].txt, .err, .exit) reproduces the live answers.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedPlatform } from "../../platform/scripted-platform.js";
import { captureSource } from "./capture-source.js";
import type { ProbeDefinition } from "./probe.js";
import { liveSource } from "./probe-source.js";
import { replaySource } from "./replay-source.js";

const stdoutProbe: ProbeDefinition = {
  id: "win.thing",
  os: "windows",
  description: "d",
  spec: (q) => ({ kind: "exec", file: "thing", args: q ? [q] : [] }),
};
const stderrProbe: ProbeDefinition = {
  id: "win.noisy",
  os: "windows",
  description: "d",
  spec: () => ({ kind: "exec", file: "noisy", args: [], stream: "stderr" }),
};

describe("capture and replay", () => {
  it("writes the parsed stream, stderr and exit code, and replays them", async () => {
    const platform = scriptedPlatform("windows");
    platform.answer("thing", { stdout: "plain answer\r\n" });
    platform.answer("thing S-1-5-21-1", { stdout: "per-user answer" });
    platform.answer("noisy", { stdout: "", stderr: "answer on stderr" });
    const dir = mkdtempSync(join(tmpdir(), "ward-capture-"));
    const cap = await captureSource(liveSource(platform), dir);
    const live = [await cap.run(stdoutProbe), await cap.run(stdoutProbe, "S-1-5-21-1"), await cap.run(stderrProbe)];
    expect(readdirSync(dir).sort()).toEqual([
      "platform.json",
      "win.noisy.err",
      "win.noisy.exit",
      "win.noisy.txt",
      "win.thing.exit",
      "win.thing.txt",
      "win.thing@S-1-5-21-1.exit",
      "win.thing@S-1-5-21-1.txt",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "platform.json"), "utf8")).os).toBe("windows");

    const replay = await replaySource(dir);
    expect(replay.os).toBe("windows");
    expect(await replay.capturedQualifiers("win.thing")).toEqual(["S-1-5-21-1"]);
    const replayed = [
      await replay.run(stdoutProbe),
      await replay.run(stdoutProbe, "S-1-5-21-1"),
      await replay.run(stderrProbe),
    ];
    expect(replayed).toEqual(live);
    expect(replayed[2]).toMatchObject({ ok: true, text: "answer on stderr" });
  });

  it("replays UTF-16LE files with a BOM, a failing exit code, and says what was not captured", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-replay-"));
    writeFileSync(join(dir, "platform.json"), '{"os":"windows","note":"extra fields are allowed"}');
    writeFileSync(
      join(dir, "win.thing.txt"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Ünïcode ok\r\n", "utf16le")]),
    );
    writeFileSync(join(dir, "win.noisy.txt"), "partial");
    writeFileSync(join(dir, "win.noisy.exit"), "5\n");
    const replay = await replaySource(dir);
    expect(await replay.run(stdoutProbe)).toMatchObject({ ok: true, text: "Ünïcode ok\r\n" });
    expect(await replay.run(stderrProbe)).toMatchObject({ ok: false, reason: "failed", exitCode: 5 });
    expect(await replay.run(stdoutProbe, "S-1-5-21-9")).toMatchObject({ ok: false, reason: "not_captured" });
  });

  it("refuses a folder without a valid platform.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ward-replay-"));
    writeFileSync(join(dir, "platform.json"), '{"os":"beos"}');
    await expect(replaySource(dir)).rejects.toThrow(/platform.json/);
  });

  it("maps a command that is not installed, times out or fails", async () => {
    const platform = scriptedPlatform("windows");
    platform.answer("thing", { spawnError: "ENOENT: spawn thing ENOENT", exitCode: null });
    platform.answer("thing x", { timedOut: true, exitCode: null });
    platform.answer("thing y", { exitCode: 3, stderr: "Access is denied.\r\n" });
    const live = liveSource(platform);
    expect(await live.run(stdoutProbe)).toMatchObject({ ok: false, reason: "not_installed" });
    expect(await live.run(stdoutProbe, "x")).toMatchObject({ ok: false, reason: "timeout" });
    expect(await live.run(stdoutProbe, "y")).toMatchObject({
      ok: false,
      reason: "failed",
      error: "thing exited with code 3: Access is denied.",
    });
  });

  it("records why a probe gave no output, so the replay answers as the live run did", async () => {
    const platform = scriptedPlatform("windows");
    platform.answer("thing", { spawnError: "ENOENT: spawn thing ENOENT", exitCode: null });
    platform.answer("thing x", { timedOut: true, exitCode: null });
    const dir = mkdtempSync(join(tmpdir(), "ward-capture-"));
    const cap = await captureSource(liveSource(platform), dir);
    const live = [await cap.run(stdoutProbe), await cap.run(stdoutProbe, "x")];
    expect(readFileSync(join(dir, "win.thing.exit"), "utf8")).toBe("127\n");
    const replay = await replaySource(dir);
    const replayed = [await replay.run(stdoutProbe), await replay.run(stdoutProbe, "x")];
    expect(replayed.map((o) => (o.ok ? "ok" : o.reason))).toEqual(live.map((o) => (o.ok ? "ok" : o.reason)));
    expect(replayed.map((o) => (o.ok ? "ok" : o.reason))).toEqual(["not_installed", "timeout"]);
  });

  it("a command with no scripted answer fails loudly", async () => {
    const platform = scriptedPlatform("linux");
    await expect(platform.exec("lsblk", ["-J"], { timeoutMs: 10 })).rejects.toThrow(/no scripted answer/);
  });
});
