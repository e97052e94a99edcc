// The dashboard's hints name the ward-server command that works where this collector runs, on its own database.
import { afterEach, expect, it } from "vitest";
import { createCouncil } from "../../server/services/admin.js";
import { newEnv, type TestEnv } from "../collector/harness.js";
import { BASE, getPage, readyUser, sessionCookie } from "./support.js";

let env: TestEnv | undefined;
afterEach(async () => env?.close());

it("from a source checkout: npm run -s server -- … --data-dir <the collector's folder>", async () => {
  env = await newEnv("sqlite");
  const { server } = env;
  const admin = await readyUser(server, "admin@provider.example", "provider-admin");
  const { cookie } = await sessionCookie(server, admin.user.id);
  const overview = await getPage(server, `${BASE}/`, cookie);
  expect(overview.body).toContain(
    `Create the first council where the collector runs: <code class="command">npm run -s server -- council create NAME --data-dir ${env.dataDir}</code>`,
  );
  expect(overview.body).not.toContain("ward-server council create");

  const council = await createCouncil({ db: server.ctx.db, clock: server.ctx.clock }, "St Mary's Parish");
  const alerts = await getPage(server, `${BASE}/councils/${council.id}/alerts`, cookie);
  // The council's name is quoted for the shell, then escaped for the page.
  expect(alerts.body).toContain(
    `<code class="command">npm run -s server -- alerts set --council &#39;St Mary&#39;\\&#39;&#39;s Parish&#39; --smtp-url … --from … --data-dir ${env.dataDir}</code>`,
  );
});

it("where the installed unit sets WARD_CLI_COMMAND, that command", async () => {
  env = await newEnv("sqlite", {
    config: { cliCommand: "sudo -u ward-collector npm run -s --prefix /opt/ward server --" },
  });
  const admin = await readyUser(env.server, "admin@provider.example", "provider-admin");
  const { cookie } = await sessionCookie(env.server, admin.user.id);
  const overview = await getPage(env.server, `${BASE}/`, cookie);
  expect(overview.body).toContain(
    `<code class="command">sudo -u ward-collector npm run -s --prefix /opt/ward server -- council create NAME --data-dir ${env.dataDir}</code>`,
  );
});
