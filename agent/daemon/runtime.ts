// Wires the agent for a command: OS, platform, config, logger, identity, collector client, core. No I/O at import.
import { AppError } from "../../shared/errors.js";
import type { Logger } from "../../shared/logger.js";
import { liveSource, type ProbeSource } from "../checks/framework/probe-source.js";
import { agentPathsFor } from "../config/agent-paths.js";
import { type AgentConfig, type AgentConfigFlags, resolveAgentConfig } from "../config/agent-config.js";
import { createAgentLogger } from "../logging.js";
import { describeDevice } from "../platform/inventory.js";
import { createNodePlatform, currentOs } from "../platform/node-platform.js";
import type { Platform } from "../platform/platform.js";
import { type Enrollment, readIdentityOrExplain } from "../state/identity-store.js";
import { enrollDevice } from "./enroll.js";
import { createCollectorClient } from "../transport/collector-client.js";
import { AgentCore } from "./agent-core.js";

export interface Runtime {
  platform: Platform;
  source: ProbeSource;
  config: Readonly<AgentConfig>;
  configFile: string;
  log: Logger & { close(): Promise<void> };
}

export async function createRuntime(
  flags: AgentConfigFlags,
  log: { console: boolean; files: boolean },
): Promise<Runtime> {
  const os = currentOs();
  if (!os)
    throw new AppError("usage", `Ward does not run on ${process.platform}: it supports Windows, macOS and Linux.`);
  const platform = createNodePlatform(os);
  const { config, configFile } = resolveAgentConfig(await agentPathsFor(os, platform, flags), flags);
  const logger = createAgentLogger({ logDir: config.logDir, level: config.logLevel, ...log });
  return { platform, source: liveSource(platform), config, configFile, log: logger };
}

export function clientFor(rt: Runtime, serverUrl: string, signal?: AbortSignal) {
  return createCollectorClient({
    serverUrl,
    ...(rt.config.caFile ? { caFile: rt.config.caFile } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** Enrols this machine with a collector using a token (generating the device key on first use). */
export async function enrollRuntime(rt: Runtime, serverUrl: string, token: string): Promise<Enrollment> {
  return enrollDevice({
    stateDir: rt.config.stateDir,
    serverUrl,
    token,
    client: clientFor(rt, serverUrl),
    device: await describeDevice(rt.platform.os),
    log: rt.log,
  });
}

/** The core of an enrolled agent; a clear error when the device is not enrolled yet. */
export async function createCore(
  rt: Runtime,
  source: ProbeSource = rt.source,
  deadline?: AbortSignal,
): Promise<AgentCore> {
  const { enrollment, key } = await readIdentityOrExplain(rt.config.stateDir);
  if (!enrollment || !key) {
    throw new AppError(
      "usage",
      `This device is not enrolled (no enrolment in ${rt.config.stateDir}). Run "ward enroll --server URL --token TOKEN" with the token from your IT provider.`,
    );
  }
  const os = rt.platform.os;
  return new AgentCore({
    stateDir: rt.config.stateDir,
    enrollment,
    key,
    source,
    client: clientFor(rt, enrollment.serverUrl, deadline),
    describe: () => describeDevice(os),
    log: rt.log,
    spoolLimits: { maxAgeDays: rt.config.spool.maxAgeDays, maxBytes: rt.config.spool.maxMegabytes * 1024 * 1024 },
  });
}
