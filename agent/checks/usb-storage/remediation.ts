// Plain-English steps for the clerk: take the device out, or ask the DSFM to approve it with the details Ward shows.
import type { OsPlatform } from "../../../shared/schemas/control.js";

const EJECT: Record<OsPlatform, string> = {
  windows: "Close any files on it, click 'Safely Remove Hardware' (the USB icon by the clock), then unplug it.",
  macos: "Close any files on it, eject it in Finder (the ⏏ button next to its name), then unplug it.",
  linux: "Close any files on it, eject it in the file manager (the ⏏ button next to its name), then unplug it.",
};

/** Steps when an unapproved device was connected. `labels` are the device labels exactly as Ward shows them. */
export function unapprovedSteps(os: OsPlatform, labels: readonly string[]): string[] {
  return [
    `Take the device out of this laptop and do not use it for council work until it is approved. ${EJECT[os]}`,
    "If it is yours and you need it for council work, email the DSFM (Democratic Services & Finance Manager, or whoever your council's IT policy names) before using it again, and ask for it to be approved.",
    `In the email, copy the device details exactly as Ward shows them: ${labels.join("; ")}. The USB id and serial number are what the approval is recorded against; a device with no serial number can only be approved by its make and model.`,
    "Once the DSFM has added it to Ward's approved list, it will show as approved in the next report.",
    "If you did not plug this device in, or do not recognise it, tell the DSFM and your IT provider today.",
  ];
}

/** Steps when Ward saw USB storage it could not identify. */
export function unidentifiedSteps(os: OsPlatform): string[] {
  return [
    `If you have plugged in a USB stick or disk, take it out until it is approved. ${EJECT[os]}`,
    "Ask your IT provider to look at this laptop's Ward report: Ward saw USB storage but could not read its USB id, so it cannot match it to the approved list.",
  ];
}

/** Steps when Ward could not look at all. */
export function cannotCheckSteps(os: OsPlatform): string[] {
  const tool: Record<OsPlatform, string> = {
    windows: "PowerShell (Get-CimInstance) and reg.exe",
    macos: "diskutil and system_profiler",
    linux: "lsblk and udevadm",
  };
  return [
    `Ask your IT provider to check that Ward can run ${tool[os]} on this laptop; the report lists the exact error.`,
  ];
}
