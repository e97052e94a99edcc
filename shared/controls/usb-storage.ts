// USB storage: removable USB storage not on the council's approved list, connected since the last report.
import { z } from "zod";
import { UsbHex4 } from "../schemas/common.js";
import { OsPlatform } from "../schemas/control.js";
import { describeControl } from "./control-description.js";

const Text = z.string().max(256);

/** One USB storage device as the agent saw it: identity and label fields only, never contents (agent's ObservedDevice). */
export const UsbDeviceSeen = z.object({
  /** USB vendor id, 4 lowercase hex digits; null when the OS did not give it (Windows history, some macOS versions). */
  vendorId: UsbHex4.nullable(),
  productId: UsbHex4.nullable(),
  /** USB serial; null when the device has none (or Windows made up an instance id for it). */
  serial: Text.nullable(),
  /** Vendor and model names as the device reports them, for the label a clerk and the DSFM read. */
  vendor: Text.nullable(),
  model: Text.nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  /** Human size when only that is known (lsblk prints "14.9G"). */
  sizeText: Text.nullable(),
  /** "live": attached when a probe looked; "history": only in Windows' USBSTOR registry history. */
  source: z.enum(["live", "history"]),
  /** Why an id or serial is missing or odd, in plain words (kept with the device). */
  notes: z.array(z.string().max(300)).max(8),
});

/** One USB storage device in a report: what was seen, when, and how the policy judged it. */
export const UsbDeviceFact = UsbDeviceSeen.extend({
  /** What the clerk and the DSFM read: make, model, size, USB id and serial. */
  label: z.string().max(600),
  firstSeen: z.string().max(40),
  lastSeen: z.string().max(40),
  attachedNow: z.boolean(),
  approval: z.enum(["approved", "not-approved", "unidentified"]),
  matchedOn: z.enum(["serial", "vendor-product"]).nullable(),
  approvalLabel: z.string().max(200).nullable(),
});
export type UsbDeviceFact = z.infer<typeof UsbDeviceFact>;

export const UsbStorageFacts = z.object({
  os: OsPlatform,
  /** True when Ward could list the USB storage attached right now. */
  listedNow: z.boolean(),
  /** Plain reasons Ward could not look, or could not identify a device; empty when everything answered. */
  problems: z.array(z.string().max(500)).max(20),
  /** Removable disks that are not USB (an SD card in a built-in reader): listed, not judged by this control. */
  otherRemovable: z.array(z.string().max(300)).max(20),
  /** Windows only: USBSTOR history instances known (null before the first read, and on other systems). */
  historyKnown: z.number().int().nonnegative().nullable(),
  /** Every USB storage device seen since the last delivered report. */
  devices: z.array(UsbDeviceFact).max(200),
});
export type UsbStorageFacts = z.infer<typeof UsbStorageFacts>;

export const usbStorage = describeControl({
  id: "usb-storage",
  title: "USB storage",
  shortTitle: "USB",
  plainName: "USB storage",
  facts: UsbStorageFacts,
  askOnFail: "user",
  states: {
    fail: {
      why: "Council data can leave on a memory stick, and a stick can bring in viruses.",
      remediation: [
        "Ask the laptop's user whose memory stick or USB drive it was and what was copied to or from it.",
        "If the council should allow it, approve it on the USB approvals page of the dashboard; otherwise ask the user to stop using it.",
      ],
    },
    unknown: {
      why: "Until Ward can list the laptop's USB storage, nobody can show that only approved sticks were used.",
      remediation: ["Ask your IT provider to look at this laptop's Ward report and check its USB storage by hand."],
    },
  },
  alerts: {
    timing: "event",
    kinds: [{ kind: "sighting", headline: "An unapproved USB storage device was used" }],
    /**
     * Each unapproved (or unidentified) device, by its ids and serial: once per failing episode. Not by first-seen
     * time: the agent forgets a sighting once it is delivered, so a stick left plugged in is "first seen" again every
     * cycle, and keying on that time emailed the DSFM again at every check. Removed and the control passes, the
     * episode ends; plugged in again later, it alerts again.
     */
    eventKeys: (facts) =>
      (facts.devices ?? [])
        .filter((d) => d.approval !== "approved")
        .map((d) => `usb:${String(d.vendorId)}:${String(d.productId)}:${String(d.serial)}`)
        .sort(),
  },
});
