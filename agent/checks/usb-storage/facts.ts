// The facts usb-storage collects: the devices seen since the last report, whether Ward could look now, and why not.
import { z } from "zod";
import { OsPlatform } from "../../../shared/schemas/control.js";
import { Sighting } from "./device.js";

export const UsbStorageFacts = z.object({
  os: OsPlatform,
  /** True when Ward could list the USB storage attached right now (the main probe answered and was understood). */
  listedNow: z.boolean(),
  /** Plain reasons Ward could not look, or could not identify a device; empty when everything answered. */
  problems: z.array(z.string().max(500)).max(20),
  /** Keys of the devices attached when this cycle looked. */
  attachedNow: z.array(z.string().max(600)).max(200),
  /** Every USB storage device seen since the last delivered report (attached now, seen by the watch, or new in history). */
  devices: z.array(Sighting).max(200),
  /** Removable disks that are not USB (an SD card in a built-in reader): listed, not judged by this control. */
  otherRemovable: z.array(z.string().max(300)).max(20),
  /** Windows only: USBSTOR history instances known (null before the first read, and on other systems). */
  historyKnown: z.number().int().nonnegative().nullable(),
});
export type UsbStorageFacts = z.infer<typeof UsbStorageFacts>;
