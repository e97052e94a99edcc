// The `linux.lsblk` probe, shared by disk encryption (is / on a crypt device?) and USB storage (TRAN=usb / RM=1 disks).
import type { ProbeDefinition } from "../../framework/probe.js";

/**
 * `lsblk -J -p -o …` prints the block device tree as JSON: {"blockdevices": [{name, kname, pkname, type, fstype,
 * mountpoint, rm, tran, vendor, model, serial, size, children?}]}. util-linux before 2.33 prints every value as a
 * string ("rm": "1", "ro": "0"); newer versions print booleans and nulls. Needs no root.
 */
export const lsblkProbe: ProbeDefinition = {
  id: "linux.lsblk",
  os: "linux",
  description: "Block devices as a tree: crypt layers under the root filesystem, removable and USB disks.",
  spec: () => ({
    kind: "exec",
    file: "lsblk",
    args: ["-J", "-p", "-o", "NAME,KNAME,PKNAME,TYPE,FSTYPE,MOUNTPOINT,RM,TRAN,VENDOR,MODEL,SERIAL,SIZE"],
    timeoutMs: 10_000,
  }),
};
