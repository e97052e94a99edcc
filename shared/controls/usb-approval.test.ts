// The one USB approval rule: serial match without case, "any serial" approvals, and serial-less sticks.
import { describe, expect, it } from "vitest";
import { Policy } from "../schemas/policy.js";
import { approvalFor, sameUsbIdentity } from "./usb-approval.js";

const approvals = (...serials: (string | null)[]) =>
  Policy.parse({
    approvedUsbDevices: serials.map((serial, i) => ({
      vendorId: "0781",
      productId: "5581",
      serial,
      label: `Stick ${i}`,
      approvedBy: "DSFM",
      approvedAt: "2026-11-01T09:00:00Z",
    })),
  }).approvedUsbDevices;

describe("approvalFor", () => {
  it("matches a serial without regard to case, before an any-serial approval", () => {
    const a = approvalFor({ vendorId: "0781", productId: "5581", serial: "abc1" }, approvals(null, "ABC1"));
    expect(a).toMatchObject({ status: "approved", match: "serial", approval: { label: "Stick 1" } });
  });

  it("lets an any-serial approval cover every stick of that make and model, with or without a serial", () => {
    expect(approvalFor({ vendorId: "0781", productId: "5581", serial: "X" }, approvals(null))).toMatchObject({
      status: "approved",
      match: "vendor-product",
    });
    expect(approvalFor({ vendorId: "0781", productId: "5581", serial: null }, approvals(null))).toMatchObject({
      status: "approved",
      match: "vendor-product",
    });
  });

  it("never lets an approval of one serial cover a stick without a serial (it cannot be told apart)", () => {
    expect(approvalFor({ vendorId: "0781", productId: "5581", serial: null }, approvals("ABC1")).status).toBe(
      "not-approved",
    );
  });

  it("cannot match a stick whose USB ids were not read: unidentified while an approval could be it, else not approved", () => {
    expect(approvalFor({ vendorId: null, productId: "5581", serial: "ABC1" }, approvals(null, "ABC1")).status).toBe(
      "unidentified",
    );
    expect(approvalFor({ vendorId: null, productId: null, serial: "ABC1" }, approvals("OTHER")).status).toBe(
      "not-approved",
    );
    expect(approvalFor({ vendorId: null, productId: null, serial: null }, []).status).toBe("not-approved");
  });
});

describe("sameUsbIdentity", () => {
  it("treats serials without case, and an any-serial entry as different from a serial one", () => {
    const id = { vendorId: "0781", productId: "5581" };
    expect(sameUsbIdentity({ ...id, serial: "abc" }, { ...id, serial: "ABC" })).toBe(true);
    expect(sameUsbIdentity({ ...id, serial: null }, { ...id, serial: null })).toBe(true);
    expect(sameUsbIdentity({ ...id, serial: null }, { ...id, serial: "ABC" })).toBe(false);
    expect(sameUsbIdentity({ ...id, serial: "ABC" }, { ...id, productId: "5582", serial: "ABC" })).toBe(false);
  });
});
