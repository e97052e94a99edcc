// Windows instance-id parsing on ids quoted from real machines in public issue threads.
import { describe, expect, it } from "vitest";
import { parentOf } from "./parse-win-cim.js";
import { parseStorDeviceId, parseUsbDeviceId } from "./windows-ids.js";

// Jinjinov/Usb.Events#11: one SanDisk 3.2Gen1 stick, its USBSTOR (disk) id and its USB (parent) id.
const SANDISK_STOR =
  "USBSTOR\\DISK&VEN__USB&PROD__SANDISK_3.2GEN1&REV_1.00\\0501F3E04B26DCBD25FCCD682AEB3CEE13B090D4CC0EEECAA0CEDA20E82E407";
const SANDISK_USB =
  "USB\\VID_0781&PID_5591\\0501F3E04B26DCBD25FCCD682AEB3CEE13B090D4CC0EEECAA0CEDA20E82E407094C4000000000000000000001C68EEC2FF1B021091558107A4281CC9";
// oshi/oshi#453: a UASP stick whose instance id Windows generated.
const UASP_STOR = "USBSTOR\\DISK&VEN_SCSI&PROD_DISK&REV_1.00\\6&132BD00C&0";
// sebhildebrandt/systeminformation#922: a SanDisk Cruzer Micro's USB id with its serial.
const CRUZER_USB = "USB\\VID_0781&PID_5151\\077531169C0256D9";
// sebhildebrandt/systeminformation#922: a composite device without serial (port-based instance id).
const COMPOSITE_USB = "USB\\VID_03EB&PID_8B0D\\5&3478949&0&7";

describe("Windows device ids", () => {
  it("reads vendor/product names and the serial instance of a USBSTOR disk id (underscores are spaces)", () => {
    expect(parseStorDeviceId(SANDISK_STOR)).toEqual({
      path: "DISK&VEN__USB&PROD__SANDISK_3.2GEN1&REV_1.00\\0501F3E04B26DCBD25FCCD682AEB3CEE13B090D4CC0EEECAA0CEDA20E82E407",
      type: "DISK",
      vendor: "USB",
      product: "SANDISK 3.2GEN1",
      revision: "1.00",
      instance: "0501F3E04B26DCBD25FCCD682AEB3CEE13B090D4CC0EEECAA0CEDA20E82E407",
      generated: false,
    });
  });

  it("flags a Windows-generated instance id (no serial), and strips the &<lun> suffix", () => {
    expect(parseStorDeviceId(UASP_STOR)).toMatchObject({
      vendor: "SCSI",
      product: "DISK",
      instance: "6&132BD00C",
      generated: true,
    });
  });

  it("reads USB vendor and product ids from USB\\VID_…&PID_… ids, and rejects other ids", () => {
    expect(parseUsbDeviceId(CRUZER_USB)).toEqual({ vendorId: "0781", productId: "5151", instance: "077531169C0256D9" });
    expect(parseUsbDeviceId(COMPOSITE_USB)).toEqual({ vendorId: "03eb", productId: "8b0d", instance: "5&3478949&0&7" });
    expect(parseUsbDeviceId("USB\\ROOT_HUB30\\4&152DA58&0&0")).toBeNull();
    expect(parseUsbDeviceId("USB\\VID_0781&PID_5591&MI_00\\6&1")).toBeNull();
    expect(parseStorDeviceId("SCSI\\DISK&VEN_VMWARE&PROD_VIRTUAL_DISK\\5&1982005&0&000000")).toBeNull();
  });

  it("links the SanDisk disk to its USB parent although the USBSTOR serial is a truncated prefix", () => {
    const disk = parseStorDeviceId(SANDISK_STOR);
    const parents = [SANDISK_USB, CRUZER_USB, COMPOSITE_USB].map(parseUsbDeviceId).filter((p) => p !== null);
    expect(disk && parentOf(disk.instance, parents)).toMatchObject({ vendorId: "0781", productId: "5591" });
  });

  it("refuses to link on a short prefix or when two parents share the prefix", () => {
    const parents = [SANDISK_USB, CRUZER_USB].map(parseUsbDeviceId).filter((p) => p !== null);
    expect(parentOf("0501", parents)).toBeNull();
    const twin = parseUsbDeviceId(`${SANDISK_USB.slice(0, -2)}FF`.replace("PID_5591", "PID_5592"));
    expect(
      twin && parentOf("0501F3E04B26DCBD25FCCD682AEB3CEE13B090D4CC0EEECAA0CEDA20E82E407", [...parents, twin]),
    ).toBeNull();
  });
});
