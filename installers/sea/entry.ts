// Entry of the single executable: the agent's CLI, plus the `installer` steps that the packages' scripts run.
import { main } from "../../agent/cli/main.js";
import { installerCommand } from "./installer-commands.js";

const argv = process.argv.slice(2);
const done =
  argv[0] === "installer" ? installerCommand(argv.slice(1), { ...processStreams(), env: process.env }) : main(argv);
done.then((code) => {
  process.exitCode = code;
});

/**
 * An installer's custom action may start us without usable stdout/stderr (msiexec under Wine gives invalid handles):
 * a failed write must not turn a successful step into exit code 1.
 */
function processStreams() {
  const safe = (stream: NodeJS.WriteStream) => (text: string) => {
    try {
      stream.write(text);
    } catch {
      // nowhere to report to
    }
  };
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  return { out: safe(process.stdout), err: safe(process.stderr) };
}
