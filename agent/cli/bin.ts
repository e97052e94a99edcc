// Entry point of the `ward` executable (tsx in development, the single executable in production).
import { main } from "./main.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
