// Test stand-in for the PowerShell host (there is no PowerShell on Linux): the same frames, a tiny command language.
// Scripts: "echo TEXT", "fail TEXT" (terminating error), "sleep MS", "stuck" (never answers), "crash", "noise TEXT".
import { createInterface } from "node:readline";

const b64 = (s) => Buffer.from(s, "utf8").toString("base64");
const answer = (id, code, timedOut, out, err) =>
  process.stdout.write(`WARD-PS1 ${id} ${code} ${timedOut ? 1 : 0} ${b64(out)} ${b64(err)}\n`);

process.stderr.write(`stand-in host ${process.pid} started\n`);
const rl = createInterface({ input: process.stdin });
const queue = [];
let busy = false;
rl.on("line", (line) => {
  queue.push(line);
  if (!busy) void next();
});
rl.on("close", () => {
  if (!busy) process.exit(0);
  queue.push(null);
});

async function next() {
  busy = true;
  while (queue.length > 0) {
    const line = queue.shift();
    if (line === null) process.exit(0);
    const [id, timeout, body] = line.split(" ");
    const script = Buffer.from(body ?? "", "base64").toString("utf8");
    const [verb, ...rest] = script.split(" ");
    const arg = rest.join(" ");
    if (verb === "echo") answer(id, 0, false, `${arg}\r\n`, "");
    else if (verb === "fail") answer(id, 1, false, "", `${arg}\r\n`);
    else if (verb === "noise") {
      process.stdout.write(`${arg}\n`);
      answer(id, 0, false, "after noise\r\n", "");
    } else if (verb === "crash") process.exit(3);
    else if (verb === "stuck") await new Promise(() => {});
    else if (verb === "sleep") {
      const ms = Number(arg);
      await new Promise((r) => setTimeout(r, Math.min(ms, Number(timeout))));
      if (ms > Number(timeout)) answer(id, -1, true, "", "");
      else answer(id, 0, false, "slept\r\n", "");
    } else answer(id, 1, false, "", `unknown stand-in script: ${script}\r\n`);
  }
  busy = false;
}
