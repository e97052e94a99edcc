// Plain-English steps for the clerk (and the IT provider) to bring the OS up to date, per OS.
import type { OsPlatform } from "../../../shared/schemas/control.js";

const UPDATE_STEPS: Record<OsPlatform, string[]> = {
  windows: [
    "Open Settings > Windows Update and click 'Check for updates'.",
    "Install everything offered, then restart the laptop when asked (updates are not finished until it restarts).",
  ],
  macos: [
    "Open System Settings > General > Software Update and install the updates offered for this version of macOS.",
    "Restart the Mac when asked.",
  ],
  linux: [
    "Open Software Updater (or run 'sudo apt update && sudo apt upgrade', or 'sudo dnf upgrade' on Fedora and Red Hat).",
    "Install everything offered, then restart the laptop if asked.",
  ],
};

export function updateSteps(os: OsPlatform): string[] {
  return UPDATE_STEPS[os];
}

export function endOfSupportSteps(): string[] {
  return [
    "This version no longer gets security fixes: ask your IT provider to upgrade it to a supported version.",
    "If the laptop is enrolled in a paid extended-support programme, the IT provider can record the new end date in the council's Ward policy.",
  ];
}

export function staleListsSteps(os: OsPlatform): string[] {
  if (os === "macos")
    return ["Connect the Mac to the internet and open System Settings > General > Software Update once."];
  return [
    "Connect the laptop to the internet and open Software Updater (or run 'sudo apt update') so it can check for updates.",
  ];
}
