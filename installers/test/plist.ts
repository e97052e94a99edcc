// Parses property lists with Python's plistlib (a strict reader of Apple's XML and binary plist formats).
import { run } from "../lib/run.js";

const READER = `
import json, plistlib, sys, datetime
def default(o):
    if isinstance(o, (bytes, bytearray)): return {"$data": o.hex()}
    if isinstance(o, datetime.datetime): return {"$date": o.isoformat()}
    raise TypeError(type(o))
print(json.dumps(plistlib.loads(sys.stdin.buffer.read()), default=default))
`;

export function parsePlist(text: string): unknown {
  return JSON.parse(run("python3", ["-c", READER], { input: text }).stdout);
}
