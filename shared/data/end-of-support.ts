// Vendor end-of-support dates as data: which OS releases still get security fixes, each row with its source.
//
// Compiled 2026-11-22 by the os-patch author, extended 2026-12-03 (Windows before 21H2, Ubuntu interim releases, macOS 14 and 27). A row is checked against the endoflife.date data files
// (github.com/endoflife-date/endoflife.date, products/*.md, commit named in `checked`) or, where that copy
// was older than the release, against the vendor page in `source`; rows marked `checked: null` come from the
// vendor page as remembered and were NOT confirmed in a stored copy: the collector's policy.patch.endOfSupport
// override corrects any of them without reinstalling the agent.

export const END_OF_SUPPORT_COMPILED_ON = "2026-12-03";

export type EosPlatform = "windows" | "macos" | "linux";

export interface EndOfSupportRow {
  platform: EosPlatform;
  /** The OS family Ward reports: "windows-11-home-pro", "windows-11-enterprise-education", "macos", "ubuntu", … */
  product: string;
  /** Release: "23H2", "14", "22.04", "12", "9" (RHEL-like: major only). */
  release: string;
  /** Last day of security fixes (ISO date), or null when the vendor has announced no end. */
  endOfSupport: string | null;
  /**
   * For rows without an announced end: the date after which this table can no longer vouch that the release is
   * supported (Apple ends support silently when a new macOS ships). After it the answer is unknown, not pass.
   */
  reviewBy: string | null;
  source: string;
  /** Where the date was cross-checked, or null when it was not (see the header). */
  checked: string | null;
}

const EOL_DATE = "endoflife-date/endoflife.date";
const MS_HOME_PRO = "https://learn.microsoft.com/lifecycle/products/windows-11-home-and-pro";
const MS_ENT_EDU = "https://learn.microsoft.com/lifecycle/products/windows-11-enterprise-and-education";
const MS_W10 = "https://learn.microsoft.com/lifecycle/products/windows-10-home-and-pro";
const MS_W10_ENT = "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-and-education";
const MS_W11_INFO = "https://learn.microsoft.com/windows/release-health/windows11-release-information";
const ATLISO = "github.com/Atliso-Dev/win11-eos-audit releases v1.1.0 and v1.1.1 (quoting Microsoft's release information, checked 23 Oct and 4 Nov 2026)";
const PUREINFOTECH = "https://pureinfotech.com/windows-11-lifecycle (Home/Pro table, updated 3 Oct 2025)";
const WINDOWSCLUB = "https://thewindowsclub.blog/en/?p=4886 (Enterprise/Education table)";
const EOL_WINDOWS = `${EOL_DATE} products/windows.md @ab9a4df`;
const MS_LTSC = "https://learn.microsoft.com/lifecycle/products/windows-10-enterprise-ltsc-2019 (and the 2015 and 2016 LTSB pages)";
const APPLE = "https://support.apple.com/en-gb/100100 (Apple security releases; Apple patches the latest three macOS releases)";

const win = (product: string, release: string, end: string, source: string, checked: string | null): EndOfSupportRow => ({
  platform: "windows",
  product,
  release,
  endOfSupport: end,
  reviewBy: null,
  source,
  checked,
});

const row = (
  platform: EosPlatform,
  product: string,
  release: string,
  end: string | null,
  source: string,
  checked: string | null,
  reviewBy: string | null = null,
): EndOfSupportRow => ({ platform, product, release, endOfSupport: end, reviewBy, source, checked });

export const END_OF_SUPPORT: readonly EndOfSupportRow[] = [
  // Windows 10: every edition of 22H2 (the last release) ended on 14 October 2025. Extended Security Updates are a
  // paid (or enrolled) programme Ward cannot see: an IT provider records enrolment as a policy override.
  win("windows-10-home-pro", "22H2", "2025-10-14", MS_W10, null),
  win("windows-10-enterprise-education", "22H2", "2025-10-14", MS_W10_ENT, null),
  win("windows-10-home-pro", "21H2", "2023-06-13", MS_W10, `${EOL_DATE} products/windows.md @083037b`),
  win("windows-10-enterprise-education", "21H2", "2024-06-11", MS_W10_ENT, `${EOL_DATE} products/windows.md @083037b`),
  // Windows 11: Home/Pro get 24 months per feature release, Enterprise/Education 36.
  win("windows-11-home-pro", "21H2", "2023-10-10", MS_HOME_PRO, `${EOL_DATE} products/windows.md @083037b`),
  win("windows-11-enterprise-education", "21H2", "2024-10-08", MS_ENT_EDU, `${EOL_DATE} products/windows.md @083037b`),
  win("windows-11-home-pro", "22H2", "2024-10-08", MS_HOME_PRO, PUREINFOTECH),
  win("windows-11-enterprise-education", "22H2", "2025-10-14", MS_ENT_EDU, WINDOWSCLUB),
  win("windows-11-home-pro", "23H2", "2025-11-11", MS_HOME_PRO, PUREINFOTECH),
  win("windows-11-enterprise-education", "23H2", "2026-11-10", MS_ENT_EDU, WINDOWSCLUB),
  win("windows-11-home-pro", "24H2", "2026-10-13", MS_HOME_PRO, PUREINFOTECH),
  win("windows-11-enterprise-education", "24H2", "2027-10-12", MS_ENT_EDU, WINDOWSCLUB),
  win("windows-11-home-pro", "25H2", "2027-10-12", MS_HOME_PRO, PUREINFOTECH),
  // Not confirmed: one low-quality page says 2028-09-30; a chocolatey/docs fix (PR 1340, June 2026) changed this date.
  // 36 months from release, on the October Patch Tuesday, gives 2028-10-10. Correct through the policy if needed.
  win("windows-11-enterprise-education", "25H2", "2028-10-10", MS_ENT_EDU, null),
  win("windows-11-home-pro", "26H1", "2028-03-14", MS_W11_INFO, ATLISO),
  win("windows-11-enterprise-education", "26H1", "2029-03-13", MS_W11_INFO, ATLISO),
  win("windows-11-home-pro", "26H2", "2028-10-10", MS_W11_INFO, ATLISO),

  // Windows 10 before 21H2: each feature release had 18 months (Home/Pro) or 30 months (Enterprise/Education, from
  // 1607's September releases); every one has ended. Rows from endoflife.date, which lists one date for both
  // classes where Microsoft did (1507, 1511, 1903, 2004, 21H1).
  ...(
    [
      ["1507", "2017-05-09", "2017-05-09"],
      ["1511", "2017-10-10", "2017-10-10"],
      ["1607", "2018-04-10", "2019-04-09"],
      ["1703", "2018-10-09", "2019-10-08"],
      ["1709", "2019-04-09", "2020-10-13"],
      ["1803", "2019-11-12", "2021-05-11"],
      ["1809", "2020-11-10", "2021-05-11"],
      ["1903", "2020-12-08", "2020-12-08"],
      ["1909", "2021-05-11", "2022-05-10"],
      ["2004", "2021-12-14", "2021-12-14"],
      ["20H2", "2022-05-10", "2023-05-09"],
      ["21H1", "2022-12-13", "2022-12-13"],
    ] as const
  ).flatMap(([release, homePro, entEdu]) => [
    win("windows-10-home-pro", release, homePro, MS_W10, EOL_WINDOWS),
    win("windows-10-enterprise-education", release, entEdu, MS_W10_ENT, EOL_WINDOWS),
  ]),
  // Windows 10 LTSB/LTSC: ten years of fixes per channel release (2015, 2016 and 2019; 2021 LTSC is not listed
  // because its IoT edition, which Ward cannot tell apart, runs to 2032).
  win("windows-10-ltsc", "1507", "2025-10-14", MS_LTSC, EOL_WINDOWS),
  win("windows-10-ltsc", "1607", "2026-10-13", MS_LTSC, EOL_WINDOWS),
  win("windows-10-ltsc", "1809", "2029-01-09", MS_LTSC, EOL_WINDOWS),
  // Windows 7 SP1 and 8.1: ended for every edition (paid Extended Security Updates are invisible to Ward and
  // ended in January 2023 too). Node 24, and so Ward's agent, does not run on them; a capture or replay still judges them.
  win("windows-7", "SP1", "2020-01-14", "https://learn.microsoft.com/lifecycle/products/windows-7", EOL_WINDOWS),
  win("windows-8.1", "8.1", "2023-01-10", "https://learn.microsoft.com/lifecycle/products/windows-81", EOL_WINDOWS),

  // macOS: Apple announces no end dates. The three newest releases get security fixes; when a new one ships
  // (September) the oldest drops. reviewBy is the September after which the row can no longer vouch for support.
  // macOS 27 shipped on 14 September 2026 (endoflife.date PR 10951), which ended macOS 14, endoflife.date's rule for
  // the third-oldest release (13 ended the day 26 shipped, 2025-09-15).
  row("macos", "macos", "27", null, APPLE, "github.com/endoflife-date/endoflife.date/pull/10951 (released 2026-09-14)", "2029-09-01"),
  row("macos", "macos", "26", null, APPLE, `${EOL_DATE} products/macos.md @0118c30 (eol: false)`, "2028-09-01"),
  row("macos", "macos", "15", null, APPLE, `${EOL_DATE} products/macos.md @0118c30 (eol: false)`, "2027-09-01"),
  row("macos", "macos", "14", "2026-09-14", APPLE, "github.com/endoflife-date/endoflife.date/pull/10951 (macOS 27 released 2026-09-14)"),
  row("macos", "macos", "13", "2025-09-15", APPLE, `${EOL_DATE} products/macos.md @0118c30`),
  row("macos", "macos", "12", "2024-09-16", APPLE, `${EOL_DATE} products/macos.md @0118c30`),
  row("macos", "macos", "11", "2023-09-26", APPLE, `${EOL_DATE} products/macos.md @0118c30`),
  row("macos", "macos", "10.15", "2022-09-12", APPLE, `${EOL_DATE} products/macos.md @0118c30`),
  row("macos", "macos", "10.14", "2021-10-25", APPLE, `${EOL_DATE} products/macos.md @0118c30`),
  row("macos", "macos", "10.13", "2020-12-01", APPLE, `${EOL_DATE} products/macos.md @0118c30`),

  // Ubuntu: standard security maintenance (not ESM, which needs an Ubuntu Pro subscription Ward cannot see).
  ...[
    ["26.04", "2031-04-30"],
    ["25.10", "2026-07-01"],
    ["25.04", "2026-01-17"],
    ["24.10", "2025-07-10"],
    ["24.04", "2029-05-31"],
    ["22.04", "2027-04-01"],
    ["20.04", "2025-05-31"],
    ["18.04", "2023-05-31"],
  ].map(([release, end]) =>
    row("linux", "ubuntu", release!, end!, "https://wiki.ubuntu.com/Releases", `${EOL_DATE} products/ubuntu.md @021ca13`),
  ),
  // Interim releases (nine months each) and older LTS releases, all ended.
  ...[
    ["23.10", "2024-07-12"],
    ["23.04", "2024-01-20"],
    ["22.10", "2023-07-20"],
    ["21.10", "2022-07-14"],
    ["21.04", "2022-01-20"],
    ["20.10", "2021-07-22"],
    ["19.10", "2020-07-06"],
    ["19.04", "2020-01-23"],
    ["18.10", "2019-07-18"],
    ["16.04", "2021-04-02"],
  ].map(([release, end]) =>
    row("linux", "ubuntu", release!, end!, "https://wiki.ubuntu.com/Releases", `${EOL_DATE} products/ubuntu.md @9ecc509`),
  ),

  // Debian: end of LTS (five years), the last day any free security fixes are published.
  row("linux", "debian", "13", "2030-06-30", "https://wiki.debian.org/LTS", null),
  row("linux", "debian", "12", "2028-06-10", "https://wiki.debian.org/LTS", `${EOL_DATE} products/debian.md @007fc5a (eoes)`),
  row("linux", "debian", "11", "2026-08-31", "https://wiki.debian.org/LTS", `${EOL_DATE} products/debian.md @007fc5a (eoes)`),
  row("linux", "debian", "10", "2024-06-30", "https://wiki.debian.org/LTS", `${EOL_DATE} products/debian.md @007fc5a (eoes)`),

  // RHEL and rebuilds: end of maintenance support per major version (RHEL's paid ELS is not counted).
  row("linux", "rhel", "10", "2035-05-31", "https://access.redhat.com/support/policy/updates/errata", null),
  row("linux", "rhel", "9", "2032-05-31", "https://access.redhat.com/support/policy/updates/errata", `${EOL_DATE} products/rhel.md @06362a0`),
  row("linux", "rhel", "8", "2029-05-31", "https://access.redhat.com/support/policy/updates/errata", `${EOL_DATE} products/rhel.md @06362a0`),
  row("linux", "rhel", "7", "2024-06-30", "https://access.redhat.com/support/policy/updates/errata", `${EOL_DATE} products/rhel.md @06362a0`),
  row("linux", "rocky", "10", "2035-05-31", "https://wiki.rockylinux.org/rocky/version/", null),
  row("linux", "rocky", "9", "2032-05-31", "https://wiki.rockylinux.org/rocky/version/", `${EOL_DATE} products/rocky-linux.md @11ec729`),
  row("linux", "rocky", "8", "2029-05-31", "https://wiki.rockylinux.org/rocky/version/", `${EOL_DATE} products/rocky-linux.md @11ec729`),
  row("linux", "almalinux", "10", "2035-05-31", "https://wiki.almalinux.org/release-notes/", `${EOL_DATE} products/almalinux.md @0f7d558`),
  row("linux", "almalinux", "9", "2032-05-31", "https://wiki.almalinux.org/release-notes/", `${EOL_DATE} products/almalinux.md @0f7d558`),
  row("linux", "almalinux", "8", "2029-03-01", "https://wiki.almalinux.org/release-notes/", `${EOL_DATE} products/almalinux.md @0f7d558`),

  // Fedora: supported until four weeks after release N+2.
  ...[
    ["43", "2026-12-09"],
    ["42", "2026-05-13"],
    ["41", "2025-12-15"],
    ["40", "2025-05-13"],
    ["39", "2024-11-26"],
  ].map(([release, end]) =>
    row("linux", "fedora", release!, end!, "https://docs.fedoraproject.org/en-US/releases/eol/", `${EOL_DATE} products/fedora.md @02ce42c`),
  ),
];

/**
 * How a product's releases sort, so a release older than every row of its product can be judged (see lookupEos):
 * Windows feature releases "1507"… "2004", "20H2", "21H1" (year, then month or half), everything else dotted numbers.
 * null when a release does not fit (no rule applies, so it stays unknown).
 */
export function releaseRank(platform: EosPlatform, release: string): number[] | null {
  if (platform === "windows") {
    const ym = /^(\d{2})(\d{2})$/.exec(release);
    if (ym) return [Number(ym[1]), Number(ym[2])];
    const half = /^(\d{2})H([12])$/.exec(release);
    return half ? [Number(half[1]), Number(half[2]) * 6] : null;
  }
  return /^\d+(\.\d+)*$/.test(release) ? release.split(".").map(Number) : null;
}
