// The os-patch control: fails past the vendor's end of support or when security updates wait too long.
import { osPatch as osPatchDescription } from "../../../shared/controls/os-patch.js";
import { defineCheck } from "../framework/check.js";
import { perOs } from "../framework/per-os.js";
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
  title: osPatchDescription.title,
  probes: OS_PATCH_PROBES,
  collect: perOs({ windows: collectWindows, macos: collectMacos, linux: collectLinux }),
  evaluate: evaluateOsPatch,
});
