// udevadm and USBSTOR parsers on real outputs, including a stick with no serial and reg output read as UTF-16.
import { describe, expect, it } from "vitest";
import { decodeToolOutput } from "../../platform/decode.js";
import { fixture } from "./fixtures.test-helper.js";
import { parseUdevadm } from "./parse-udevadm.js";
import { parseUsbstor } from "./parse-usbstor.js";
import { parseWinUsbDisks, parseWinUsbPnp } from "./parse-win-cim.js";

describe("parseUdevadm", () => {
  it("reads an LG flash drive that reports no serial (no ID_SERIAL_SHORT), --query=all form with E: prefixes", () => {
    expect(parseUdevadm(fixture("linux", "udevadm-all-lg-flashdrive-no-serial.txt"))).toEqual({
      ok: true,
      value: {
        bus: "usb",
        vendorId: "0ea0",
        productId: "2168",
        serial: null,
        vendor: "LG",
        model: "FlashDrive",
        usbDriver: "usb-storage",
      },
    });
  });

  it("reads the --query=property form (no prefix): a Nokia phone in mass-storage mode", () => {
    expect(parseUdevadm(fixture("linux", "udevadm-property-nokia-s60-phone.txt"))).toEqual({
      ok: true,
      value: {
        bus: "usb",
        vendorId: "0421",
        productId: "0156",
        serial: "358279034921039",
        vendor: "Nokia",
        model: "S60",
        usbDriver: "usb-storage",
      },
    });
  });

  it("reads a SATA SSD in a USB enclosure: the ids are the enclosure bridge's (152d:0567), the serial the enclosure's", () => {
    const r = parseUdevadm(fixture("linux", "udevadm-all-samsung-ssd-in-usb-enclosure.txt"));
    expect(r.ok && r.value).toEqual({
      bus: "usb",
      vendorId: "152d",
      productId: "0567",
      serial: "202006054D01",
      vendor: "Samsung",
      model: "SSD 850 EVO 500G",
      usbDriver: "usb-storage",
    });
  });

  it("rejects output that is not udev properties (a udevadm error message)", () => {
    expect(parseUdevadm('Unknown device "/dev/sdz": No such device').ok).toBe(false);
    expect(parseUdevadm("").ok).toBe(false);
  });
});

describe("parseUsbstor", () => {
  const text = fixture("windows", "reg-query-usbstor-excerpt.txt");

  it("lists every instance in the real excerpt, with names from the key, friendly names, and Windows-made ids flagged", () => {
    const r = parseUsbstor(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual([
      {
        path: "Disk&Ven_HP&Prod_Officejet_Pro_86&Rev_1.00\\8&35be4865&0&CN373D4GJ405KD&0",
        type: "Disk",
        vendor: "HP",
        product: "Officejet Pro 86",
        revision: "1.00",
        instance: "8&35be4865&0&CN373D4GJ405KD",
        generatedId: true,
        friendlyName: null,
      },
      {
        path: "Disk&Ven_JetFlash&Prod_Transcend_16GB&Rev_8.07\\XHLRW9WJ&0",
        type: "Disk",
        vendor: "JetFlash",
        product: "Transcend 16GB",
        revision: "8.07",
        instance: "XHLRW9WJ",
        generatedId: false,
        friendlyName: "JetFlash Transcend 16GB USB Device",
      },
      {
        path: "Disk&Ven_SAMSUNG&Prod_S5360_Card&Rev_0000\\8&2fefdb42&0&0123456789ABCDEF&0",
        type: "Disk",
        vendor: "SAMSUNG",
        product: "S5360 Card",
        revision: "0000",
        instance: "8&2fefdb42&0&0123456789ABCDEF",
        generatedId: true,
        friendlyName: "SAMSUNG S5360 Card USB Device",
      },
    ]);
  });

  it("reads the same output after UTF-16LE decoding (reg/wmic-era tools redirected to a file or pipe)", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, "\r\n"), "utf16le")]);
    expect(parseUsbstor(decodeToolOutput(utf16))).toEqual(parseUsbstor(text));
  });

  it("reads 'key not found' (no USB storage ever) as an empty history, and rejects foreign keys or unreadable lines", () => {
    expect(parseUsbstor("ERROR: The system was unable to find the specified registry key or value.\r\n")).toEqual({
      ok: true,
      value: [],
    });
    expect(parseUsbstor("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\n").ok).toBe(false);
    expect(parseUsbstor(`${text}\nsomething else\n`).ok).toBe(false);
    expect(parseUsbstor("Zugriff verweigert").ok).toBe(false);
  });
});

describe("Windows CIM JSON parsers (no real sample found: shape checks only, see SOURCES.md)", () => {
  it("treat empty output (no USB disk) as an empty list and reject anything that is not a JSON object list", () => {
    expect(parseWinUsbDisks("")).toEqual({ ok: true, value: [] });
    expect(parseWinUsbDisks("Get-CimInstance : Access denied").ok).toBe(false);
    expect(parseWinUsbDisks("[1,2]").ok).toBe(false);
    expect(parseWinUsbDisks('{"Model":"x"}').ok).toBe(false);
    expect(parseWinUsbPnp("")).toEqual({ ok: true, value: [] });
    expect(parseWinUsbPnp("not json").ok).toBe(false);
  });
});
