// The screen-lock control: the longest an idle session stays unlocked, from every mechanism that locks, the shortest winning.
import { screenLock as screenLockDescription } from "../../../shared/controls/screen-lock.js";
import { defineCheck } from "../framework/check.js";
import { collectLinux } from "./collect-linux.js";
import { collectMacos } from "./collect-macos.js";
import { collectWindows } from "./collect-windows.js";
import { evaluate } from "./evaluate.js";
import type { ScreenLockFacts } from "./facts.js";
import { linuxProbes } from "./probes-linux.js";
import { macosProbes } from "./probes-macos.js";
import { windowsProbes } from "./probes-windows.js";

export const screenLockCheck = defineCheck<ScreenLockFacts>({
  control: "screen-lock",
  title: screenLockDescription.title,
  probes: [...windowsProbes, ...macosProbes, ...linuxProbes],
  collect: (ctx) =>
    ctx.os === "windows" ? collectWindows(ctx) : ctx.os === "macos" ? collectMacos(ctx) : collectLinux(ctx),
  evaluate,
});
