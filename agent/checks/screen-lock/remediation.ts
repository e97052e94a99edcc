// Plain-English steps, per OS, to make the screen ask for a password within the council's limit (a clerk reads them).
import type { OsPlatform } from "../../../shared/schemas/control.js";

export function remediation(os: OsPlatform, maxMinutes: number): string[] {
  const n = `${maxMinutes} minute${maxMinutes === 1 ? "" : "s"}`;
  if (os === "windows") {
    return [
      "Open Settings > Personalisation > Lock screen, and click Screen saver.",
      `Choose a screen saver (Blank is fine), set Wait to ${n} or less, and tick "On resume, display logon screen". Click OK.`,
      `If these options are greyed out, your IT provider controls them: ask them to set the screen saver timeout to ${maxMinutes * 60} seconds or less with password protection, or the "Machine inactivity limit" to ${maxMinutes * 60} seconds or less.`,
    ];
  }
  if (os === "macos") {
    return [
      "Open the Apple menu > System Settings > Lock Screen.",
      `Set "Start Screen Saver when inactive" and "Turn display off when inactive" to ${n} or less.`,
      'Set "Require password after screen saver begins or display is turned off" to "Immediately".',
    ];
  }
  return [
    `GNOME (Ubuntu, Fedora): open Settings > Power and set "Screen Blank" to ${n} or less; then in Settings > Privacy & Security > Screen Lock (older versions: Settings > Privacy > Screen Lock) turn on "Automatic Screen Lock" and set its delay to "Screen Turns Off".`,
    `KDE Plasma: open System Settings > Security & Privacy > Screen Locking (older versions: Workspace Behaviour > Screen Locking), tick "Lock screen automatically" after ${n} or less, keep the password grace period short, and click Apply.`,
    "Other desktops: ask your IT provider to set an automatic screen lock with a password.",
  ];
}
