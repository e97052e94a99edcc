// `npm run demo`: collector on SQLite, a first admin (one-time password + TOTP), this machine's agent enrolled and run, the dashboard URL.
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readEnrollment } from "../agent/state/identity-store.js";
import { errorMessage } from "../shared/errors.js";
import { loadServerConfig } from "./config/config.js";
import { findUserByEmail } from "./dashboard/auth/user-store.js";
import { printCredentials } from "./dashboard/cli.js";
import { createUser, resetUser } from "./dashboard/users.js";
import { createLogger } from "./logging.js";
import { startServer } from "./main.js";
import { createCouncil, createToken } from "./services/admin.js";
import { findCouncil } from "./stores/council-store.js";
import { runDemoMac, startDemoMac } from "./demo-laptop.js";

const ROOT = resolve(import.meta.dirname, "..");
const AGENT_EVERY_MS = 15 * 60_000;

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: "./data" },
    port: { type: "string", default: "8080" },
    host: { type: "string", default: "127.0.0.1" },
    email: { type: "string", default: "admin@ward.local" },
    council: { type: "string", default: "Demo Town Council" },
    "reset-admin": { type: "boolean", default: false },
    "no-agent": { type: "boolean", default: false },
    "no-demo-laptop": { type: "boolean", default: false },
  },
  strict: true,
});

function agent(args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "agent/cli/bin.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", (code) => done(code ?? 1));
    child.on("error", () => done(1));
  });
}

async function main(): Promise<void> {
  const dataDir = resolve(values["data-dir"]);
  const stateDir = join(dataDir, "agent");
  const config = loadServerConfig({ flags: { dataDir, port: values.port, host: values.host }, env: process.env });
  const server = await startServer(config, { logger: createLogger("warn") });
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const print = (line: string) => console.log(line);
  print(`Ward collector listening on ${server.url} (SQLite in ${dataDir})`);

  const council =
    (await findCouncil(server.ctx.db.kysely, values.council)) ?? (await createCouncil(deps, values.council));
  const existing = await findUserByEmail(server.ctx.db.kysely, values.email);
  if (existing && !values["reset-admin"]) {
    print(
      `\nThe admin ${existing.email} already exists: log in with the password you chose (run with --reset-admin for a new one).`,
    );
  } else {
    print("\nFirst provider admin:");
    const issued = existing
      ? await resetUser(deps, values.email)
      : await createUser(deps, { email: values.email, role: "provider-admin" });
    await printCredentials(issued, print, false);
  }

  const runAgent = async () => {
    const code = await agent(["run", "--once", "--quiet", "--state-dir", stateDir]);
    if (code !== 0) print(`The agent's check cycle ended with exit code ${code}; see ${join(stateDir, "logs")}.`);
  };
  if (!values["no-agent"]) {
    if (!(await readEnrollment(stateDir).catch(() => null))) {
      const token = await createToken(deps, { council: council.id, expires: "1d", uses: 1 });
      print(`\nEnrolling this machine's agent with ${council.name} (state in ${stateDir})…`);
      const code = await agent(["enroll", "--server", server.url, "--token", token.token, "--state-dir", stateDir]);
      if (code !== 0) print(`Enrolment failed (exit code ${code}); the dashboard still runs.`);
    }
    print("Running this machine's checks (a minute or two: the patch check asks the package manager)…");
    await runAgent();
    print(`What the clerk sees on this machine: npm run -s ward -- status --state-dir ${stateDir}`);
  }

  const macDir = join(dataDir, "demo-mac");
  const runMac = () =>
    runDemoMac(server.url, null, macDir).catch((err: unknown) => print(`The simulated Mac: ${errorMessage(err)}`));
  if (!values["no-demo-laptop"]) {
    print(
      "\nA simulated Mac (DEMO-CLERK-MBP) reports too: it replays real captured outputs with a SanDisk USB stick plugged in.",
    );
    await startDemoMac(server, council.id, macDir).catch((err: unknown) =>
      print(`The simulated Mac could not report: ${errorMessage(err)}`),
    );
    print(
      `Its unapproved stick raises an alert: read it as it would arrive on ${server.url}/dashboard/councils/${council.id}/alerts (no mail server is set, so nothing is emailed), and approve the stick on ${server.url}/dashboard/councils/${council.id}/approvals.`,
    );
  }

  print(`\nDashboard: ${server.url}/dashboard/  (log in as ${values.email}; Ctrl-C stops)`);
  const every = () => {
    if (!values["no-agent"]) void runAgent();
    if (!values["no-demo-laptop"]) void runMac();
  };
  const timer = values["no-agent"] && values["no-demo-laptop"] ? undefined : setInterval(every, AGENT_EVERY_MS);
  await new Promise<void>((done) => {
    const stop = () => {
      if (timer) clearInterval(timer);
      void server.close().then(done);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

main().catch((err: unknown) => {
  const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
  // npm passes flags on to the demo only after "--", so the way forward is spelt out in full.
  const message =
    code === "EADDRINUSE"
      ? `port ${values.port} on ${values.host} is already in use (another Ward demo or program is listening there): stop it, or run on another port: npm run demo -- --port ${Number(values.port) + 1}`
      : errorMessage(err);
  console.error(`demo: ${message}`);
  process.exitCode = 1;
});
