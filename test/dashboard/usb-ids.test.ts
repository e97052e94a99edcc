// USB vendor and product ids are read by one rule (UsbHex4): approved lists keep them in lowercase (HexId4 lowercases
// what was typed), agents' facts are read strictly, and the dashboard's approve form checks by the same rule.
import { expect, it } from "vitest";
import { parseIdentity } from "../../server/dashboard/approvals.js";
import { UsbStorageFacts } from "../../shared/controls/usb-storage.js";
import { HexId4, UsbHex4 } from "../../shared/schemas/common.js";
import { ApprovedUsbDevice } from "../../shared/schemas/policy.js";

it("keeps approved ids in lowercase, reads facts strictly, and checks the approve form by the same rule", () => {
  expect(HexId4.parse("0A0b")).toBe("0a0b");
  expect(HexId4.safeParse("xyz1").error?.issues[0]?.message).toBe("must be 4 hex digits");
  expect(HexId4.safeParse("07811").success).toBe(false);
  expect(ApprovedUsbDevice.shape.vendorId).toBe(HexId4);
  expect(UsbHex4.safeParse("0781").success).toBe(true);
  expect(UsbHex4.safeParse("0A0B").success).toBe(false);
  const device = UsbStorageFacts.shape.devices.element.shape.vendorId;
  expect(device.safeParse("0A0B").success).toBe(false);
  expect(parseIdentity({ vendorId: "0781", productId: "55AB", serial: " X1 " })).toEqual({
    vendorId: "0781",
    productId: "55ab",
    serial: "X1",
  });
  expect(() => parseIdentity({ vendorId: "078", productId: "5567" })).toThrow(/4 hex digits each/);
});
