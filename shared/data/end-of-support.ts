// Vendor end-of-support dates as data: which OS releases still get security fixes, each row with its source.
//
// Compiled 2026-11-22 by the os-patch author. A row is checked against the endoflife.date data files
// (github.com/endoflife-date/endoflife.date, products/*.md, commit named in `checked`) or, where that copy
// was older than the release, against the vendor page in `source`; rows marked `checked: null` come from the
// vendor page as remembered and were NOT confirmed in a stored copy: the collector's policy.patch.endOfSupport
// override corrects any of them without reinstalling the agent.

export const END_OF_SUPPORT_COMPILED_ON = "2026-11-22";

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

  // macOS: Apple announces no end dates. The three newest releases get security fixes; when a new one ships
  // (September) the oldest drops. reviewBy is the September after which the row can no longer vouch for support.
  row("macos", "macos", "26", null, APPLE, `${EOL_DATE} products/macos.md @0118c30 (eol: false)`, "2028-09-01"),
  row("macos", "macos", "15", null, APPLE, `${EOL_DATE} products/macos.md @0118c30 (eol: false)`, "2027-09-01"),
  row("macos", "macos", "14", null, APPLE, `${EOL_DATE} products/macos.md @0118c30 (eol: false)`, "2026-09-01"),
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

/** macOS before this major is out of support whatever the table says (the table lists 10.13 and later). */
export const MACOS_OLDEST_LISTED = "10.13";
