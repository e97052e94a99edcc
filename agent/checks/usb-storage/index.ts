// The usb-storage control: removable USB storage not on policy.approvedUsbDevices, connected since the last report.
//
// Memory contract with the daemon (the lead's side):
// - collect() and watch.poll() add sightings to this control's memory (ctx.memory): one per device, keyed
//   vendor:product:serial, with first/last seen times and the label fields. Neither ever removes a sighting.
// - After a report has been DELIVERED to the collector, the daemon calls
//     markUsbReportedUpTo(memoryJson, reportCollectedAt)  (pure; exported below)
//   and stores the result. Sightings last seen at or before that time are forgotten; a device seen by the watch after
//   it, or still attached (seen again next cycle), is kept. Never call it before delivery: an unsent report must not
//   lose a device that was plugged in and out.
// - watch.poll should run every USB_WATCH_INTERVAL_MS (a watch frequency, not a policy threshold) and when the OS
//   signals a device change, if the daemon has such events.
import { usbStorage as usbStorageDescription } from "../../../shared/controls/usb-storage.js";
import { defineCheck } from "../framework/check.js";
import { markUsbReportedUpTo } from "./memory.js";
import { collectUsbStorage, pollUsbStorage } from "./collect.js";
import { evaluate } from "./evaluate.js";
import type { UsbStorageFacts } from "./facts.js";
import { USB_STORAGE_PROBES } from "./probes.js";

/** How often the watch looks for removable storage between full cycles: short enough to catch a quick copy. */
export const USB_WATCH_INTERVAL_MS = 60_000;

export { markReportedUpTo, markUsbReportedUpTo } from "./memory.js";

export const usbStorageCheck = defineCheck<UsbStorageFacts>({
  control: "usb-storage",
  title: usbStorageDescription.title,
  probes: USB_STORAGE_PROBES,
  collect: collectUsbStorage,
  evaluate,
  watch: { intervalMs: USB_WATCH_INTERVAL_MS, poll: pollUsbStorage },
  onReported: markUsbReportedUpTo,
});
