// ward-server: start the collector, or manage councils, enrolment tokens and migrations.
import { errorMessage, isAppError } from "../../shared/errors.js";
import { createLogger } from "../logging.js";
import { startServer } from "../main.js";
import { parseCliArgs, USAGE } from "./args.js";
import { runAdminCommand } from "./commands.js";
import { cliConfig } from "./with-database.js";
import { alertsCli } from "../alerts/cli.js";
import { apiTokenCli } from "../api/cli.js";
import { userCli } from "../dashboard/cli.js";
import { reportCli } from "../evidence/cli.js";
import { ssoCli } from "../dashboard/sso/cli.js";

/** Subcommand groups that parse their own flags (each feature owns its CLI). */
const FEATURE_COMMANDS: Record<string, (argv: string[], print: (line: string) => void) => Promise<void>> = {
  alerts: alertsCli,
  "api-token": apiTokenCli,
  sso: ssoCli,
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
  const config = cliConfig(args);
  if (args.positionals[0] !== "start") {
    await runAdminCommand(config, args, (line) => console.log(line));
    return 0;
  }
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, { logger });
  // Tests and scripts read this line to learn the port (with --port 0).
  console.log(`ward-server listening on ${server.url}`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    // Idempotent and bounded (server.close() gives up after 10 s): a second signal (systemd, docker, a parent
    // relaying it) must not kill the server mid-commit, so it is logged and the stop under way goes on.
    const stop = (signal: string) => {
      if (stopping) {
        logger.info("already shutting down", { signal });
        return;
      }
      stopping = true;
      logger.info("shutting down: answering requests under way, then closing the database", { signal });
      void server.close().then(() => {
        logger.info("stopped", { signal });
        resolve();
      });
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
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
