// Entry of the single executable: the agent's CLI, plus the `installer` steps that the packages' scripts run.
import { main } from "../../agent/cli/main.js";
import { installerCommand } from "./installer-commands.js";

const argv = process.argv.slice(2);
const done = argv[0] === "installer" ? installerCommand(argv.slice(1), { ...processStreams(), env: process.env }) : main(argv);
done.then((code) => {
  process.exitCode = code;
});

function processStreams() {
  return {
    out: (text: string) => process.stdout.write(text),
    err: (text: string) => process.stderr.write(text),
  };
}
