// Fills the .mobileconfig template with the server URL, the enrolment token and fresh payload UUIDs.
// Usage: npx tsx installers/macos/render-mobileconfig.ts --server https://ward.example.org --token wet_… > ward.mobileconfig
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { validateServerUrl, validateToken } from "../sea/installer-commands.js";
import { MOBILECONFIG_TEMPLATE } from "./mobileconfig-template.js";

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function renderMobileconfig(server: string, token: string, uuid: () => string = randomUUID): string {
  const values: Record<string, string> = {
    SERVER_URL: validateServerUrl(server),
    ENROLL_TOKEN: validateToken(token),
    PROFILE_UUID: uuid().toUpperCase(),
    PAYLOAD_UUID: uuid().toUpperCase(),
  };
  return MOBILECONFIG_TEMPLATE.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`unknown placeholder {{${key}}} in the .mobileconfig template`);
    return xmlEscape(value);
  });
}

if (process.argv[1]?.endsWith("render-mobileconfig.ts")) {
  const { values } = parseArgs({ options: { server: { type: "string" }, token: { type: "string" } } });
  if (!values.server || !values.token) {
    process.stderr.write("usage: render-mobileconfig.ts --server URL --token TOKEN > ward.mobileconfig\n");
    process.exitCode = 2;
  } else process.stdout.write(renderMobileconfig(values.server, values.token));
}
