// Dashboard server time (overview with 10,000 devices, a council page with 500): measured once the dashboard exists.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./agent-bench.js";
import { type Figure, notMeasured } from "./figures.js";

export async function dashboardFigures(log: (line: string) => void): Promise<Figure[]> {
  const dir = join(ROOT, "server", "dashboard");
  const files = existsSync(dir) ? readdirSync(dir) : [];
  if (!files.some((f) => /overview/i.test(f))) {
    log("dashboard: not built yet (no server/dashboard overview); not measured");
    return [
      notMeasured("dashboard", "overview, 10,000 devices (target < 300 ms)", "not measured: dashboard not built yet (issue 8: no server/dashboard overview route when this bench ran)"),
      notMeasured("dashboard", "council page, 500 devices (target < 300 ms)", "not measured: dashboard not built yet"),
    ];
  }
  log("dashboard: server/dashboard exists, but this bench does not drive its routes yet; not measured");
  return [
    notMeasured("dashboard", "overview, 10,000 devices (target < 300 ms)", `not measured: server/dashboard has ${files.length} files but the bench has no driver for its routes yet`),
    notMeasured("dashboard", "council page, 500 devices (target < 300 ms)", "not measured: as above"),
  ];
}
