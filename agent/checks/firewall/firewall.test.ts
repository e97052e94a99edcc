// firewall on real captures (netsh incl. profiles OFF, socketfilterfw, ufw, firewall-cmd, iptables, nft) and on this Linux machine's real probes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../shared/schemas/policy.js";
import { createContext, inMemoryStore } from "../framework/context.js";
import { fixtureContext } from "../testing/fixture-context.js";
import { liveLinuxContext } from "../testing/live-context.js";
import type { ProbeOutcome } from "../framework/probe.js";
import { mapSource } from "../framework/replay-source.js";
import { allProbes } from "../registry.js";
import { firewallCheck as check } from "./index.js";
import {
  parseFirewalldState,
  parseIptablesInput,
  parseNetshProfiles,
  parseNftRuleset,
  parseSocketfilterfw,
  parseUfwStatus,
} from "./parse.js";

const fx = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), "utf8");
const NOW = new Date("2026-12-03T10:00:00Z");
const ENOENT = (f: string): ProbeOutcome => ({ ok: false, reason: "not_installed", error: `${f}: ENOENT` });

async function linux(outputs: Record<string, string>, missing: string[]) {
  const replay = mapSource("linux", outputs);
  const source = {
    ...replay,
    run: async (p: { id: string }, q?: string) => (missing.includes(p.id) ? ENOENT(p.id) : replay.run(p as never, q)),
  };
  const ctx = createContext({
    control: "firewall",
    source,
    probes: allProbes(),
    memory: inMemoryStore(),
    now: NOW,
    cache: new Map(),
    errors: [],
  });
  const facts = await check.collect(ctx);
  return check.evaluate(facts, DEFAULT_POLICY, "linux");
}

describe("parsers", () => {
  it("reads netsh profile states (real English captures) and refuses other text", () => {
    expect(parseNetshProfiles(fx("windows/netsh-advfirewall-currentprofile-domain-on-datacadamia.txt"))).toEqual({
      ok: true,
      value: { domain: "on" },
    });
    expect(parseNetshProfiles(fx("windows/netsh-advfirewall-monitor-public-on-datacadamia.txt"))).toEqual({
      ok: true,
      value: { public: "on" },
    });
    expect(parseNetshProfiles("The requested operation requires elevation.").ok).toBe(false);
  });

  it("reads a real full `show allprofiles` with every profile OFF, and one machine's domain profile before (ON) and after (OFF) `set allprofiles state off`", () => {
    expect(parseNetshProfiles(fx("windows/netsh-advfirewall-allprofiles-all-off-htb-academy.txt"))).toEqual({
      ok: true,
      value: { domain: "off", private: "off", public: "off" },
    });
    expect(parseNetshProfiles(fx("windows/netsh-advfirewall-currentprofile-domain-on-before-crtp-notes.txt"))).toEqual({
      ok: true,
      value: { domain: "on" },
    });
    expect(parseNetshProfiles(fx("windows/netsh-advfirewall-currentprofile-domain-off-after-crtp-notes.txt"))).toEqual({
      ok: true,
      value: { domain: "off" },
    });
  });

  it("reads socketfilterfw, ufw and iptables", () => {
    expect(parseSocketfilterfw(fx("macos/socketfilterfw-enabled-tahoe-capture-report.txt"))).toEqual({
      ok: true,
      value: { state: "on", blockAll: false },
    });
    expect(parseSocketfilterfw(fx("macos/socketfilterfw-disabled-tahoe-capture-report.txt"))).toEqual({
      ok: true,
      value: { state: "off", blockAll: false },
    });
    expect(parseUfwStatus(fx("linux/ufw-status-active-task-notes.txt"))).toEqual({ ok: true, value: "on" });
    expect(parseIptablesInput(fx("linux/iptables-S-accept-no-rules-companyrouter.txt"))).toEqual({
      ok: true,
      value: { state: "off", rules: 0 },
    });
    expect(parseIptablesInput(fx("linux/iptables-S-input-reject-catchall-tc.txt"))).toEqual({
      ok: true,
      value: { state: "on", rules: 6 },
    });
    expect(parseIptablesInput(fx("linux/iptables-S-accept-port-drops-dsundquist.txt"))).toEqual({
      ok: true,
      value: { state: null, rules: 2 },
    });
  });

  it("reads real firewall-cmd --state (running, then not running on the same machine) and nft list rulesets: input policy drop (both priority spellings) or a catch-all drop is on; Debian's empty accept table is off; accept with some rules is not judged", () => {
    const nft = (f: string) => parseNftRuleset(fx(`linux/${f}`));
    expect(nft("nft-list-ruleset-input-policy-drop-router-fw.txt")).toEqual({ ok: true, value: "on" });
    expect(nft("nft-list-ruleset-priority0-policy-drop-dulcinea.txt")).toEqual({ ok: true, value: "on" });
    expect(nft("nft-list-ruleset-accept-policy-catchall-drop-ubuntu2004.txt")).toEqual({ ok: true, value: "on" });
    expect(nft("nft-list-ruleset-default-accept-empty-gw.txt")).toEqual({ ok: true, value: "off" });
    expect(nft("nft-list-ruleset-accept-policy-some-rules-notes.txt")).toEqual({ ok: true, value: null });
    expect(parseNftRuleset("")).toEqual({ ok: true, value: "off" });
    expect(parseFirewalldState(fx("linux/firewall-cmd-state-running-before-stop-dbuser-notes.txt"))).toEqual({
      ok: true,
      value: "on",
    });
    expect(parseFirewalldState(fx("linux/firewall-cmd-state-not-running-after-stop-dbuser-notes.txt"))).toEqual({
      ok: true,
      value: "off",
    });
    expect(parseNftRuleset("Error: Could not process rule: Operation not permitted").ok).toBe(false);
  });
});

describe("verdicts", () => {
  it("Windows: one profile read as on is not enough; unknown names what is missing", async () => {
    const facts = await check.collect(
      fixtureContext(
        "windows",
        {
          "win.firewall-profiles": fx("windows/netsh-advfirewall-currentprofile-domain-on-datacadamia.txt"),
          "win.firewall-products": "",
        },
        { now: NOW, control: "firewall" },
      ),
    );
    const v = check.evaluate(facts, DEFAULT_POLICY, "windows");
    expect(v.status).toBe("unknown");
    expect(v.summary).toContain("Windows Firewall, private profile: netsh did not list this profile");
  });

  it("Windows: a real capture with every profile OFF fails, naming the profiles; no third-party firewall registered", async () => {
    const facts = await check.collect(
      fixtureContext(
        "windows",
        {
          "win.firewall-profiles": fx("windows/netsh-advfirewall-allprofiles-all-off-htb-academy.txt"),
          "win.firewall-products": "",
        },
        { now: NOW, control: "firewall" },
      ),
    );
    const v = check.evaluate(facts, DEFAULT_POLICY, "windows");
    expect(v.status).toBe("fail");
    expect(v.summary).toBe(
      "Windows Firewall is off for the domain, private, public network profiles, and no other firewall is registered with Windows.",
    );
    expect(v.remediation[0]).toContain("turn the firewall on for every network");
  });

  it("Windows: the same machine before and after `set allprofiles state off`: ON alone is unknown (two profiles unread), OFF fails without waiting for the others", async () => {
    const verdict = async (file: string) => {
      const facts = await check.collect(
        fixtureContext(
          "windows",
          { "win.firewall-profiles": fx(`windows/${file}`), "win.firewall-products": "" },
          { now: NOW, control: "firewall" },
        ),
      );
      return check.evaluate(facts, DEFAULT_POLICY, "windows");
    };
    expect((await verdict("netsh-advfirewall-currentprofile-domain-on-before-crtp-notes.txt")).status).toBe("unknown");
    const after = await verdict("netsh-advfirewall-currentprofile-domain-off-after-crtp-notes.txt");
    expect(after.status).toBe("fail");
    expect(after.summary).toBe(
      "Windows Firewall is off for the domain network profile, and no other firewall is registered with Windows.",
    );
  });

  it("macOS: off fails, on passes", async () => {
    for (const [file, status] of [
      ["socketfilterfw-disabled-tahoe-capture-report.txt", "fail"],
      ["socketfilterfw-enabled-tahoe-capture-report.txt", "pass"],
    ] as const) {
      const facts = await check.collect(
        fixtureContext("macos", { "mac.socketfilterfw": fx(`macos/${file}`) }, { now: NOW, control: "firewall" }),
      );
      expect(check.evaluate(facts, DEFAULT_POLICY, "macos").status).toBe(status);
    }
  });

  it("Linux: ufw inactive and iptables accepting with no rules fails; a catch-all reject passes; nothing installed fails", async () => {
    const off = await linux(
      {
        "linux.ufw-status": fx("linux/ufw-status-inactive-ec2-notes.txt"),
        "linux.iptables-input": fx("linux/iptables-S-accept-no-rules-companyrouter.txt"),
      },
      ["linux.firewalld-state", "linux.nft-ruleset"],
    );
    expect(off.status).toBe("fail");
    expect(off.summary).toBe(
      "No firewall is active on this computer: ufw, iptables are installed but not blocking incoming connections, and firewalld, nftables (nft) are not installed.",
    );
    const on = await linux({ "linux.iptables-input": fx("linux/iptables-S-input-reject-catchall-tc.txt") }, [
      "linux.ufw-status",
      "linux.firewalld-state",
      "linux.nft-ruleset",
    ]);
    expect(on.status).toBe("pass");
    const firewalldStopped = await linux(
      { "linux.firewalld-state": fx("linux/firewall-cmd-state-not-running-after-stop-dbuser-notes.txt") },
      ["linux.ufw-status", "linux.nft-ruleset", "linux.iptables-input"],
    );
    expect(firewalldStopped).toMatchObject({
      status: "fail",
      summary:
        "No firewall is active on this computer: firewalld is installed but not blocking incoming connections, and ufw, nftables (nft), iptables are not installed.",
    });
    const firewalldRunning = await linux(
      { "linux.firewalld-state": fx("linux/firewall-cmd-state-running-before-stop-dbuser-notes.txt") },
      ["linux.ufw-status", "linux.nft-ruleset", "linux.iptables-input"],
    );
    expect(firewalldRunning.status).toBe("pass");
    const nftOff = await linux({ "linux.nft-ruleset": fx("linux/nft-list-ruleset-default-accept-empty-gw.txt") }, [
      "linux.ufw-status",
      "linux.firewalld-state",
      "linux.iptables-input",
    ]);
    expect(nftOff.status).toBe("fail");
    const nftOn = await linux({ "linux.nft-ruleset": fx("linux/nft-list-ruleset-input-policy-drop-router-fw.txt") }, [
      "linux.ufw-status",
      "linux.firewalld-state",
      "linux.iptables-input",
    ]);
    expect(nftOn).toMatchObject({ status: "pass", summary: "A firewall protects this computer: nftables (nft): on." });
    const nftRules = await linux(
      { "linux.nft-ruleset": fx("linux/nft-list-ruleset-accept-policy-some-rules-notes.txt") },
      ["linux.ufw-status", "linux.firewalld-state", "linux.iptables-input"],
    );
    expect(nftRules.status).toBe("unknown");
    const none = await linux({}, [
      "linux.ufw-status",
      "linux.firewalld-state",
      "linux.nft-ruleset",
      "linux.iptables-input",
    ]);
    expect(none).toMatchObject({
      status: "fail",
      summary:
        "No firewall is installed on this computer: none of ufw, firewalld, nftables (nft), iptables is present.",
    });
  });

  it.runIf(process.platform === "linux")(
    "runs the real probes on this machine: fail or unknown, never pass without a firewall answering",
    async () => {
      const facts = await check.collect(liveLinuxContext("firewall"));
      const v = check.evaluate(facts, DEFAULT_POLICY, "linux");
      if (facts.layers.every((l) => l.state === "not_installed")) expect(v.status).toBe("fail");
      if (facts.layers.every((l) => l.state !== "on")) expect(v.status).not.toBe("pass");
    },
  );
});
