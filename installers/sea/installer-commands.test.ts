// The installer steps of the executable: config writing, token and URL checks, enrolment-aware token skip, purge.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AGENT_PID_FILE,
  installerCommand,
  purge,
  validateServerUrl,
  validateToken,
  writeConfig,
} from "./installer-commands.js";

const TOKEN = `wet_${"A".repeat(43)}`;
const tmp = () => mkdtempSync(join(tmpdir(), "ward-inst-"));

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env }, out, err };
}

describe("validateServerUrl", () => {
  it("accepts https and normalises a trailing slash", () => {
    expect(validateServerUrl(" https://ward.example.org/ ")).toBe("https://ward.example.org");
    expect(validateServerUrl("https://ward.example.org:8443/base")).toBe("https://ward.example.org:8443/base");
  });
  it("accepts http only for this machine", () => {
    expect(validateServerUrl("http://127.0.0.1:18480")).toBe("http://127.0.0.1:18480");
    expect(() => validateServerUrl("http://ward.example.org")).toThrow(/https/);
  });
  it("rejects non-URLs, other schemes and credentials", () => {
    expect(() => validateServerUrl("ward.example.org")).toThrow(/not a URL/);
    expect(() => validateServerUrl("ftp://ward.example.org")).toThrow(/https/);
    expect(() => validateServerUrl("https://user:pw@ward.example.org")).toThrow(/user name or password/);
  });
});

describe("validateToken", () => {
  it("accepts the shared token shape and rejects others without echoing them", () => {
    expect(validateToken(` ${TOKEN} `)).toBe(TOKEN);
    const bad = "wet_short-secret";
    let message = "";
    try {
      validateToken(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not a Ward enrolment token/);
    expect(message).not.toContain(bad);
  });
});

describe("writeConfig", () => {
  it("writes serverUrl and token with mode 0600, keeping other keys", () => {
    const dir = tmp();
    const file = join(dir, "ward", "agent.json");
    mkdirSync(join(dir, "ward"));
    writeFileSync(file, JSON.stringify({ logLevel: "debug", serverUrl: "https://old.example.org" }));
    const r = writeConfig(file, "https://ward.example.org", TOKEN);
    expect(r.token).toBe("written");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      logLevel: "debug",
      serverUrl: "https://ward.example.org",
      enrollToken: TOKEN,
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
  it("keeps the existing URL when only a token is given, and fails when there is none", () => {
    const dir = tmp();
    const file = join(dir, "agent.json");
    expect(() => writeConfig(file, undefined, TOKEN)).toThrow(/no SERVER_URL/);
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, '\uFEFF{"serverUrl":"https://ward.example.org"}');
    expect(writeConfig(file, undefined, TOKEN).config.serverUrl).toBe("https://ward.example.org");
  });
  it("does not write a token for a device that is already enrolled", () => {
    const dir = tmp();
    const state = join(dir, "state");
    mkdirSync(state);
    writeFileSync(join(state, "enrollment.json"), "{}");
    const file = join(dir, "agent.json");
    const r = writeConfig(file, "https://ward.example.org", TOKEN, state);
    expect(r.token).toBe("skipped_enrolled");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ serverUrl: "https://ward.example.org" });
  });
  it("refuses a config file that is not a JSON object", () => {
    const file = join(tmp(), "agent.json");
    writeFileSync(file, "[1,2]");
    expect(() => writeConfig(file, "https://ward.example.org", undefined)).toThrow(/not a JSON object/);
  });
});

describe("purge", () => {
  it("deletes a Ward folder and refuses any other", async () => {
    const dir = join(tmp(), "Ward");
    mkdirSync(join(dir, "state"), { recursive: true });
    writeFileSync(join(dir, "state", "device-key.json"), "{}");
    await expect(purge(join(dir, "state"))).rejects.toThrow(/not a Ward folder/);
    await purge(`${dir}/`);
    expect(existsSync(dir)).toBe(false);
  });
  it("waits for the agent's recorded process to exit before deleting (an uninstall that does not wait for the service)", async () => {
    const dir = join(tmp(), "Ward");
    mkdirSync(join(dir, "state"), { recursive: true });
    // A stand-in for the stopping agent: a real process that exits after 1.5 s.
    const agent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 1500)"], { stdio: "ignore" });
    const exited = new Promise<number>((r) => agent.on("exit", () => r(Date.now())));
    writeFileSync(join(dir, AGENT_PID_FILE), String(agent.pid));
    await purge(dir, 20_000);
    const deletedAt = Date.now();
    expect(existsSync(dir)).toBe(false);
    expect(deletedAt).toBeGreaterThanOrEqual(await exited);
  });
  it("gives up waiting after its bound and still deletes", async () => {
    const dir = join(tmp(), "Ward");
    mkdirSync(join(dir, "state"), { recursive: true });
    const agent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    writeFileSync(join(dir, AGENT_PID_FILE), String(agent.pid));
    await purge(dir, 300);
    expect(existsSync(dir)).toBe(false);
    agent.kill();
  });
});

describe("installerCommand", () => {
  it("takes the URL and token from the environment and never prints the token", async () => {
    const file = join(tmp(), "agent.json");
    const t = io({ WARD_SERVER_URL: "https://ward.example.org", WARD_ENROLL_TOKEN: TOKEN });
    expect(await installerCommand(["write-config", "--config", file], t.io)).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).enrollToken).toBe(TOKEN);
    expect([...t.out, ...t.err].join("")).not.toContain(TOKEN);
    expect(t.err.join("")).toContain("token written");
  });
  it("treats empty flags (an MSI property left unset) as absent", async () => {
    const file = join(tmp(), "agent.json");
    writeFileSync(file, '{"serverUrl":"https://ward.example.org"}');
    const t = io();
    expect(await installerCommand(["write-config", "--config", file, "--server", "", "--token", ""], t.io)).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ serverUrl: "https://ward.example.org" });
  });
  it("exits 2 with a message for bad input, a missing flag or an unknown step", async () => {
    const t = io();
    expect(
      await installerCommand(
        ["write-config", "--config", join(tmp(), "a.json"), "--server", "http://evil.example"],
        t.io,
      ),
    ).toBe(2);
    expect(await installerCommand(["write-config"], t.io)).toBe(2);
    expect(await installerCommand(["purge"], t.io)).toBe(2);
    expect(await installerCommand(["nonsense"], t.io)).toBe(2);
    expect(t.err.join("")).toMatch(/https[\s\S]*--config FILE is required[\s\S]*--dir DIR is required[\s\S]*Usage/);
  });
});
