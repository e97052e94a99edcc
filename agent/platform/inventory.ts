// The device's identity for reports and enrolment: OS name/version/build and hostname/serial/model/manufacturer.
import { hostname } from "node:os";
import type { OsPlatform } from "../../shared/schemas/control.js";
import type { Inventory, OsInfo } from "../../shared/schemas/report.js";

export interface DeviceDescription {
  os: OsInfo;
  inventory: Inventory;
}

const clip = (s: string | undefined, max: number) => (s ?? "").trim().slice(0, max);

/**
 * systeminformation's osInfo() reads /etc/os-release on Linux, sw_vers on macOS and Win32_OperatingSystem on
 * Windows; system() reads DMI (Linux, root needed for the serial), ioreg (macOS) and Win32_ComputerSystemProduct.
 * Values it cannot read come back empty and are sent as empty strings, never guessed.
 */
export async function describeDevice(os: OsPlatform): Promise<DeviceDescription> {
  // Only the two modules used, loaded on first use: the whole of systeminformation is 730 KB of code (its index loads
  // every module), which a step process would compile for nothing.
  const [{ osInfo }, { system: readSystem }] = await Promise.all([
    import("systeminformation/lib/osinfo.js"),
    import("systeminformation/lib/system.js"),
  ]);
  const [info, system] = await Promise.all([osInfo(), readSystem()]);
  return {
    os: {
      platform: os,
      name: clip(info.distro || info.platform, 200),
      version: clip(info.release, 100),
      build: clip(info.build || info.kernel, 100),
    },
    inventory: {
      hostname: clip(hostname(), 255),
      serial: clip(system.serial === "-" ? "" : system.serial, 200),
      model: clip(system.model, 200),
      manufacturer: clip(system.manufacturer, 200),
    },
  };
}
