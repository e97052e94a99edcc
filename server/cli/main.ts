// ward-server: start the collector, or manage councils, enrolment tokens and migrations.
import { errorMessage, isAppError } from "../../shared/errors.js";
import { loadServerConfig } from "../config/config.js";
import { createLogger } from "../logging.js";
import { startServer } from "../main.js";
import { parseCliArgs, USAGE } from "./args.js";
import { runAdminCommand } from "./commands.js";
import { alertsCli } from "../alerts/cli.js";
import { apiTokenCli } from "../api/cli.js";
import { userCli } from "../dashboard/cli.js";
import { reportCli } from "../evidence/cli.js";

/** Subcommand groups that parse their own flags (each feature owns its CLI). */
const FEATURE_COMMANDS: Record<string, (argv: string[], print: (line: string) => void) => Promise<void>> = {
  alerts: alertsCli,
  "api-token": apiTokenCli,
  user: userCli,
  report: reportCli,
};

async function main(argv: string[]): Promise<number> {
  const feature = argv[0] ? FEATURE_COMMANDS[argv[0]] : undefined;
  if (feature) {
    await feature(argv, (line) => console.log(line));
    return 0;
  }
  const args = parseCliArgs(argv);
  if (args.help || args.positionals.length === 0) {
    console.log(USAGE);
    return args.help ? 0 : 2;
  }
  const config = loadServerConfig({ flags: args.flags, env: process.env, ...(args.configFile ? { file: args.configFile } : {}) });
  if (args.positionals[0] !== "start") {
    await runAdminCommand(config, args, (line) => console.log(line));
    return 0;
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger });
  // Tests and scripts read this line to learn the port (with --port 0).
  console.log(`ward-server listening on ${server.url}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info("shutting down", { signal });
      void server.close().then(resolve);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`ward-server: ${errorMessage(err)}`);
    process.exitCode = isAppError(err) && err.code === "usage" ? 2 : 1;
  },
);
