// The os-patch control: fails past the vendor's end of support or when security updates wait too long.
import { defineCheck } from "../framework/check.js";
import { collectLinux } from "./collect-linux.js";
import { collectMacos } from "./collect-macos.js";
import { collectWindows } from "./collect-windows.js";
import { evaluateOsPatch } from "./evaluate.js";
import type { OsPatchFacts } from "./facts.js";
import { OS_PATCH_PROBES } from "./probes.js";

export const osPatchCheck = defineCheck<OsPatchFacts>({
  control: "os-patch",
  // softwareupdate --list, dnf and the Windows Update search are networked and can take minutes.
  budgetMs: 200_000,
  title: "OS patch level",
  probes: OS_PATCH_PROBES,
  collect: (ctx) => {
    switch (ctx.os) {
      case "windows":
        return collectWindows(ctx);
      case "macos":
        return collectMacos(ctx);
      case "linux":
        return collectLinux(ctx);
    }
  },
  evaluate: evaluateOsPatch,
});
