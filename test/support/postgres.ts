// A throwaway PostgreSQL cluster for tests: initdb in a temp dir, pg_ctl start on a free port, stop and delete after.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface PgBinaries {
  initdb: string;
  pgCtl: string;
}

export type PgSupport = { ok: true; bins: PgBinaries } | { ok: false; reason: string };

/** initdb and pg_ctl from PATH, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPgBinaries(): PgSupport {
  const onPath = (name: string) => {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const initdb = onPath("initdb");
  const pgCtl = onPath("pg_ctl");
  if (initdb && pgCtl) return { ok: true, bins: { initdb, pgCtl } };
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    const v = versions[0];
    if (v) return { ok: true, bins: { initdb: join(root, v, "bin", "initdb"), pgCtl: join(root, v, "bin", "pg_ctl") } };
  }
  return {
    ok: false,
    reason: "PostgreSQL server binaries (initdb, pg_ctl) are not installed: on Debian, `apt-get install -y postgresql`",
  };
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user (Debian's package creates it). */
function runAsUser(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const r = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const g = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (r.status === 0 && g.status === 0) return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()), name };
  }
  throw new Error("running as root and no `postgres` or `nobody` user to run PostgreSQL as");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  port: number;
  /** URL of a database in the cluster (default: postgres). */
  url(database?: string): string;
  /** Creates a fresh, empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

const USER = "ward";

export async function startPostgres(bins: PgBinaries): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), "ward-pg-"));
  const data = join(dir, "data");
  const as = runAsUser();
  if (as) chownSync(dir, as.uid, as.gid);
  const run = (cmd: string, args: string[]) => {
    const full = as ? ["runuser", ["-u", as.name, "--", cmd, ...args]] : [cmd, args];
    try {
      return execFileSync(full[0] as string, full[1] as string[], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`${cmd} failed: ${e.stderr || e.stdout || e.message}`);
    }
  };
  run(bins.initdb, ["-D", data, "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale", "--no-sync"]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
    try {
      run(bins.pgCtl, ["-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  const url = (database = "postgres") => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  let counter = 0;
  let stopped = false;
  return {
    port,
    url,
    async createDatabase(prefix = "ward_test") {
      const name = `${prefix}_${process.pid}_${++counter}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(bins.pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
