// The PowerShell host's wire format on the Node side: request lines out, answer lines in (see host-script.ts).

export const FRAME_MARK = "WARD-PS1";

export interface HostAnswer {
  id: string;
  exitCode: number;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export function encodeRequest(id: string, timeoutMs: number, script: string): string {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(id)) throw new Error(`bad request id ${id}`);
  return `${id} ${Math.max(1, Math.floor(timeoutMs))} ${Buffer.from(script, "utf8").toString("base64")}\n`;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One answer line, or null for anything else the host process printed (noise is never taken for an answer). */
export function decodeAnswer(line: string): HostAnswer | null {
  const parts = line.replace(/\r$/, "").split(" ");
  if (parts.length !== 6 || parts[0] !== FRAME_MARK) return null;
  const [, id, code, timedOut, out, err] = parts as [string, string, string, string, string, string];
  if (!/^-?\d{1,10}$/.test(code) || (timedOut !== "0" && timedOut !== "1") || !B64.test(out) || !B64.test(err))
    return null;
  return {
    id,
    exitCode: Number(code),
    timedOut: timedOut === "1",
    stdout: Buffer.from(out, "base64").toString("utf8"),
    stderr: Buffer.from(err, "base64").toString("utf8"),
  };
}

/** Splits a byte stream into lines; keeps a partial line until its end arrives. Caps a runaway line. */
export class LineSplitter {
  private rest = "";
  constructor(private readonly maxLine = 64 * 1024 * 1024) {}

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split("\n");
    this.rest = lines.pop() ?? "";
    if (this.rest.length > this.maxLine) this.rest = "";
    return lines;
  }
}
