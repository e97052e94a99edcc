// The os-patch probes on every OS: OS version and build, pending updates, and how fresh the update lists are.
import type { ProbeDefinition } from "../framework/probe.js";

const PS = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command"] as const;

/**
 * Win32_OperatingSystem plus the registry's UBR (the monthly patch level: 10.0.22631.4037 → UBR 4037), DisplayVersion
 * ("23H2") and EditionID ("Professional", "Core", "Enterprise", "EnterpriseS" = LTSC). Caption is localised
 * ("Professionnel"); EditionID and OperatingSystemSKU are not, so the edition is read from those first.
 */
const WIN_OS_SCRIPT =
  "$o = Get-CimInstance Win32_OperatingSystem; " +
  "$cv = Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'; " +
  "[pscustomobject]@{ Caption = $o.Caption; Version = $o.Version; BuildNumber = $o.BuildNumber; " +
  "OperatingSystemSKU = $o.OperatingSystemSKU; UBR = $cv.UBR; DisplayVersion = $cv.DisplayVersion; " +
  "EditionID = $cv.EditionID } | ConvertTo-Json -Compress";

/**
 * The Windows Update Agent's own searcher: what Settings > Windows Update would offer. ResultCode 2 means the search
 * succeeded (3 = with errors, 4 = failed). Dates are formatted invariantly (LastDeploymentChangeTime is when
 * Microsoft last published the update: the release date Ward ages it from). Category ids are GUIDs, not the
 * localised names. -InputObject keeps an empty or one-item list a JSON array.
 */
const WU_PENDING_SCRIPT =
  "$ErrorActionPreference = 'Stop'; " +
  "$r = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher().Search('IsInstalled=0 and IsHidden=0'); " +
  "$u = @($r.Updates | ForEach-Object { [pscustomobject]@{ Title = [string]$_.Title; " +
  "KB = @($_.KBArticleIDs | ForEach-Object { [string]$_ }); MsrcSeverity = [string]$_.MsrcSeverity; " +
  "ReleaseDate = $(if ($_.LastDeploymentChangeTime) { $_.LastDeploymentChangeTime.ToString('yyyy-MM-dd', " +
  "[Globalization.CultureInfo]::InvariantCulture) } else { $null }); " +
  "Categories = @($_.Categories | ForEach-Object { [string]$_.CategoryID }) } }); " +
  "ConvertTo-Json -Depth 4 -Compress -InputObject ([pscustomobject]@{ ResultCode = [int]$r.ResultCode; Updates = $u })";

const HOTFIX_SCRIPT =
  "ConvertTo-Json -Compress -InputObject @(Get-HotFix | Select-Object HotFixID, Description, InstalledOn)";

const powershell = (script: string, timeoutMs: number) => () =>
  ({ kind: "exec", file: "powershell.exe", args: [...PS, script], timeoutMs }) as const;

export const winOsProbe: ProbeDefinition = {
  id: "win.os",
  os: "windows",
  description: "Windows edition, version, build and patch level (UBR) as JSON.",
  spec: powershell(WIN_OS_SCRIPT, 30_000),
};

export const winWuPendingProbe: ProbeDefinition = {
  id: "win.wu-pending",
  os: "windows",
  description: "Updates Windows Update would install now (not installed, not hidden), with severity and release date.",
  // The searcher may go online to Windows Update or WSUS: slow on a poor connection.
  spec: powershell(WU_PENDING_SCRIPT, 180_000),
};

export const winHotfixProbe: ProbeDefinition = {
  id: "win.hotfix",
  os: "windows",
  description: "Installed updates (Win32_QuickFixEngineering) and when: the date of the last patch.",
  spec: powershell(HOTFIX_SCRIPT, 60_000),
};

export const winSysteminfoProbe: ProbeDefinition = {
  id: "win.systeminfo",
  os: "windows",
  description: "Fallback for the OS name and build when PowerShell is blocked. Localised labels; English only is read.",
  spec: () => ({ kind: "exec", file: "systeminfo.exe", args: [], timeoutMs: 60_000 }),
};

export const macSwVersProbe: ProbeDefinition = {
  id: "mac.sw-vers",
  os: "macos",
  description: "macOS version and build (ProductVersionExtra is a Rapid Security Response).",
  spec: () => ({ kind: "exec", file: "/usr/bin/sw_vers", args: [], timeoutMs: 10_000 }),
};

export const macSoftwareupdateProbe: ProbeDefinition = {
  id: "mac.softwareupdate",
  os: "macos",
  description:
    "Updates Apple offers this Mac. Slow and networked: run at most daily, the answer cached in agent state. " +
    "'No new software available.' is printed on stderr.",
  // macOS 10.15.7 exits 1 with "No new software available." on stderr (ansible-osx-command-line-tools #65): exit 1
  // counts as answered, and the parser still refuses anything it does not recognise.
  spec: () => ({
    kind: "exec",
    file: "/usr/sbin/softwareupdate",
    args: ["--list"],
    okExitCodes: [0, 1],
    timeoutMs: 180_000,
  }),
};

export const macSoftwareupdateHistoryProbe: ProbeDefinition = {
  id: "mac.softwareupdate-history",
  os: "macos",
  description:
    "Updates installed by Software Update, with dates. Not read yet: no real sample of its output was found.",
  spec: () => ({ kind: "exec", file: "/usr/sbin/softwareupdate", args: ["--history"], timeoutMs: 60_000 }),
};

export const linuxOsReleaseProbe: ProbeDefinition = {
  id: "linux.os-release",
  os: "linux",
  description: "Distribution and release (ID, VERSION_ID, ID_LIKE).",
  spec: () => ({ kind: "file", path: "/etc/os-release" }),
};

export const linuxAptUpgradableProbe: ProbeDefinition = {
  id: "linux.apt-upgradable",
  os: "linux",
  description:
    "Packages with a newer version in the local package lists: 'name/archive[,archive] new arch [upgradable from: old]'. " +
    "An archive ending in -security (jammy-security, bookworm-security) marks a security update. Reads the lists as " +
    "they are: without a recent apt-get update it knows nothing new (see linux.apt-lists).",
  spec: () => ({ kind: "exec", file: "apt", args: ["list", "--upgradable"], timeoutMs: 60_000 }),
};

export const linuxAptCheckProbe: ProbeDefinition = {
  id: "linux.apt-check",
  os: "linux",
  description: "Ubuntu's own count of updates and security updates, printed as 'updates;security' on stderr.",
  spec: () => ({
    kind: "exec",
    file: "/usr/lib/update-notifier/apt-check",
    args: [],
    stream: "stderr",
    timeoutMs: 60_000,
  }),
};

export const linuxAptListsProbe: ProbeDefinition = {
  id: "linux.apt-lists",
  os: "linux",
  description:
    "Modification times of the apt package lists: how long ago apt-get update last fetched them, and whether a " +
    "security archive is among them.",
  spec: () => ({
    kind: "exec",
    file: "find",
    args: ["/var/lib/apt/lists", "/var/lib/apt/periodic", "-maxdepth", "1", "-printf", "%T@ %f\\n"],
    // find exits 1 when /var/lib/apt/periodic does not exist; the lists are still printed.
    okExitCodes: [0, 1],
    timeoutMs: 10_000,
  }),
};

export const linuxDnfUpdateinfoProbe: ProbeDefinition = {
  id: "linux.dnf-updateinfo",
  os: "linux",
  description: "Security advisories with an update available: 'ADVISORY Severity/Sec. package' (dnf5 adds the date).",
  spec: () => ({ kind: "exec", file: "dnf", args: ["updateinfo", "list", "--security"], timeoutMs: 180_000 }),
};

export const linuxDnfCheckUpdateProbe: ProbeDefinition = {
  id: "linux.dnf-check-update",
  os: "linux",
  description: "Every package with an update: 'name.arch version repo'. Exit 100 means updates exist, 0 none, 1 error.",
  spec: () => ({ kind: "exec", file: "dnf", args: ["check-update"], okExitCodes: [0, 100], timeoutMs: 180_000 }),
};

export const OS_PATCH_PROBES: readonly ProbeDefinition[] = [
  winOsProbe,
  winWuPendingProbe,
  winHotfixProbe,
  winSysteminfoProbe,
  macSwVersProbe,
  macSoftwareupdateProbe,
  macSoftwareupdateHistoryProbe,
  linuxOsReleaseProbe,
  linuxAptUpgradableProbe,
  linuxAptCheckProbe,
  linuxAptListsProbe,
  linuxDnfUpdateinfoProbe,
  linuxDnfCheckUpdateProbe,
];
