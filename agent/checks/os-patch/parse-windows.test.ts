// Windows parsers: Win32_OperatingSystem JSON, systeminfo (English and localised), Get-HotFix, the Windows Update
// search wrapper, and the build → feature release and edition mapping.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeToolOutput } from "../../platform/decode.js";
import { windowsStream } from "./collect-windows.js";
import { parseHotfix } from "./parse-hotfix.js";
import { parseSysteminfo, parseWinOs } from "./parse-win-os.js";
import { parseWuPending, WU_CATEGORY } from "./parse-wu-pending.js";
import { windowsEditionClass, windowsProducts, windowsRelease } from "./windows-release.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/windows/${name}`, import.meta.url), "utf8");
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe("parseWinOs", () => {
  it("reads a real Win32_OperatingSystem selection (Windows 11 Pro 23H2, no UBR in that sample)", () => {
    const o = ok(parseWinOs(fixture("os-win11-pro-readme-excerpt.json")));
    expect(o).toMatchObject({
      caption: "Microsoft Windows 11 Pro",
      version: "10.0.22631",
      build: 22631,
      ubr: null,
      sku: null,
    });
    expect(windowsRelease(o.build)).toEqual({ generation: 11, release: "23H2" });
    expect(windowsEditionClass(o)).toBe("home-pro");
  });

  it("prefers EditionID and SKU over a localised caption", () => {
    const text = JSON.stringify({
      Caption: "Microsoft Windows 11 Professionnel",
      Version: "10.0.26100",
      BuildNumber: "26100",
      OperatingSystemSKU: 48,
      UBR: 4351,
      DisplayVersion: "24H2",
      EditionID: "Professional",
    });
    const o = ok(parseWinOs(text));
    expect(o).toMatchObject({ build: 26100, ubr: 4351, editionId: "Professional" });
    expect(windowsEditionClass(o)).toBe("home-pro");
    expect(windowsEditionClass({ caption: "Microsoft Windows 11 Professionnel" })).toBe("unknown");
  });

  it.each([
    ["not JSON", "Get-CimInstance : Access denied"],
    ["no version", '{"Caption":"x"}'],
    ["bad build", '{"Version":"10.0.1","BuildNumber":"abc"}'],
  ])("refuses %s", (_l, text) => {
    expect(parseWinOs(text).ok).toBe(false);
  });
});

describe("parseSysteminfo", () => {
  it.each([
    ["systeminfo-win11-23h2-enterprise.txt", 22631, "Microsoft Windows 11 Enterprise", "enterprise-education", "23H2"],
    ["systeminfo-win10-22h2-enterprise.txt", 19045, "Microsoft Windows 10 Enterprise", "enterprise-education", "22H2"],
    [
      "systeminfo-win11-22h2-home-single-language.txt",
      22621,
      "Microsoft Windows 11 Home Single Language",
      "home-pro",
      "22H2",
    ],
    ["systeminfo-win11-24h2-enterprise-ltsc.txt", 26100, "Microsoft Windows 11 Enterprise LTSC", "ltsc", "24H2"],
    ["systeminfo-win10-21h1-enterprise.txt", 19043, "Microsoft Windows 10 Enterprise", "enterprise-education", "21H1"],
    ["systeminfo-win10-1809-education.txt", 17763, "Microsoft Windows 10 Education", "enterprise-education", "1809"],
    ["systeminfo-win10-1507-pro.txt", 10240, "Microsoft Windows 10 Pro", "home-pro", "1507"],
    ["systeminfo-win7-sp1-enterprise.txt", 7601, "Microsoft Windows 7 Enterprise", "enterprise-education", "SP1"],
  ])("reads %s (CRLF, as wesng stores it)", (file, build, caption, edition, release) => {
    const o = ok(parseSysteminfo(fixture(file)));
    expect(o).toMatchObject({ build, caption });
    expect(windowsEditionClass(o)).toBe(edition);
    expect(windowsRelease(o.build)?.release).toBe(release);
  });

  it("reads systeminfo redirected as UTF-16LE, with or without a BOM, once the platform has decoded it", () => {
    const text = fixture("systeminfo-win11-23h2-enterprise.txt");
    const utf16 = Buffer.from(text, "utf16le");
    for (const bytes of [utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), utf16])]) {
      expect(ok(parseSysteminfo(decodeToolOutput(bytes))).build).toBe(22631);
    }
  });

  it("refuses localised output (French labels, OEM code page shown as wesng's index stores it)", () => {
    expect(parseSysteminfo(fixture("systeminfo-win7-fr-oem-excerpt.txt")).ok).toBe(false);
  });
});

describe("windows release and products", () => {
  it("knows the builds of every release in the table and no others", () => {
    expect(windowsRelease(26200)).toEqual({ generation: 11, release: "25H2" });
    expect(windowsRelease(17763)).toEqual({ generation: 10, release: "1809" });
    expect(windowsRelease(7601)).toEqual({ generation: 7, release: "SP1" });
    expect(windowsRelease(20348)).toBeNull();
  });

  it("keeps Windows Server out of the desktop lifecycle (Server 2019 shares 1809's build)", () => {
    expect(
      windowsEditionClass({ editionId: "ServerDatacenter", caption: "Microsoft Windows Server 2019 Datacenter" }),
    ).toBe("server");
    expect(windowsEditionClass({ caption: "Microsoft Windows Server 2019 Datacenter" })).toBe("server");
    expect(windowsProducts(10, "server")).toEqual([]);
    expect(windowsProducts(7, "enterprise-education")).toEqual(["windows-7"]);
  });

  it("offers both lifecycles when the edition is unknown, and LTSC separately", () => {
    expect(windowsProducts(11, "unknown")).toEqual(["windows-11-home-pro", "windows-11-enterprise-education"]);
    expect(windowsProducts(10, "ltsc")).toEqual(["windows-10-ltsc"]);
  });

  it("classes Pro Education with Home and Pro, and SKU numbers without an EditionID", () => {
    expect(windowsEditionClass({ caption: "Microsoft Windows 11 Pro Education" })).toBe("home-pro");
    expect(windowsEditionClass({ sku: 121 })).toBe("enterprise-education");
    expect(windowsEditionClass({ editionId: "EnterpriseS" })).toBe("ltsc");
  });
});

describe("windowsStream", () => {
  // Real update titles from Get-WUHistory output in https://github.com/mgajda83/PSWindowsUpdate/issues/41.
  it.each([
    [
      "2024-09 Cumulative Update for Windows Server 2016 for x64-based Systems (KB5043051)",
      "Cumulative Update for Windows Server 2016 for x64-based Systems",
    ],
    [
      "2024-09 Servicing Stack Update for Windows Server 2016 for x64-based Systems (KB5043124)",
      "Servicing Stack Update for Windows Server 2016 for x64-based Systems",
    ],
    ["Windows Malicious Software Removal Tool x64 - v5.128 (KB890830)", "Windows Malicious Software Removal Tool x64"],
    ["Security Update for SQL Server 2022 RTM GDR (KB5042211)", "Security Update for SQL Server 2022 RTM GDR"],
  ])("keys %s by its stream", (title, stream) => {
    expect(windowsStream(title)).toBe(stream);
  });
});

describe("parseHotfix", () => {
  it("reads a real Get-HotFix object with the Windows PowerShell 5.1 date form", () => {
    expect(ok(parseHotfix(fixture("hotfix-security-update.json")))).toEqual({
      count: 1,
      lastInstalledOn: "2019-09-06",
    });
  });

  it("reads PowerShell 7 ISO dates and the {value, DateTime} form, newest wins", () => {
    const text = JSON.stringify([
      { HotFixID: "KB1", InstalledOn: "2024-01-10T00:00:00" },
      { HotFixID: "KB2", InstalledOn: { value: "/Date(1717200000000)/", DateTime: "Saturday, June 1, 2024" } },
      { HotFixID: "KB3", InstalledOn: null },
    ]);
    expect(ok(parseHotfix(text))).toEqual({ count: 3, lastInstalledOn: "2024-06-01" });
  });

  it("refuses non-JSON, and ignores impossible dates instead of throwing", () => {
    expect(parseHotfix("Get-HotFix : Access is denied").ok).toBe(false);
    const text = JSON.stringify([{ HotFixID: "KB1", InstalledOn: "/Date(99999999999999999999)/" }]);
    expect(ok(parseHotfix(text))).toEqual({ count: 1, lastInstalledOn: null });
  });
});

// No real capture of win.wu-pending exists (the JSON is Ward's own wrapper, see parse-wu-pending.ts): these cases
// are built from the wrapper's schema to test the strictness, and say nothing about real Windows Update answers.
describe("parseWuPending (schema cases, no real capture)", () => {
  const answer = (updates: unknown, code = 2) => JSON.stringify({ ResultCode: code, Updates: updates });

  it("classes by MSRC severity or security category id, and prefixes KB", () => {
    const u = ok(
      parseWuPending(
        answer([
          {
            Title: "2024-06 Cumulative Update",
            KB: ["5039212"],
            MsrcSeverity: "Important",
            ReleaseDate: "2024-06-11",
            Categories: [WU_CATEGORY.securityUpdates],
          },
          {
            Title: "Security Intelligence Update",
            KB: "2267602",
            MsrcSeverity: "",
            ReleaseDate: null,
            Categories: [WU_CATEGORY.definitionUpdates],
          },
        ]),
      ),
    );
    expect(u.map((x) => [x.kb, x.security, x.releaseDate])).toEqual([
      [["KB5039212"], true, "2024-06-11"],
      [["KB2267602"], false, null],
    ]);
  });

  it("reads an empty answer", () => {
    expect(ok(parseWuPending(answer([])))).toEqual([]);
  });

  it.each([
    ["a failed search", answer([], 4)],
    ["a missing title", answer([{ KB: [], Categories: [] }])],
    ["a localised date", answer([{ Title: "x", KB: [], ReleaseDate: "11/06/2024", Categories: [] }])],
    ["a date that does not exist", answer([{ Title: "x", KB: [], ReleaseDate: "2024-13-45", Categories: [] }])],
    ["not JSON", "Exception from HRESULT: 0x8024402C"],
  ])("refuses %s", (_l, text) => {
    expect(parseWuPending(text).ok).toBe(false);
  });
});
