// The whole agent as the single executable stores it (an asset): the CLI and the installer steps, loaded on demand.
export { main } from "../../agent/cli/main.js";
export { installerCommand } from "./installer-commands.js";
