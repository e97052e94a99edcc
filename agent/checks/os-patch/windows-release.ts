// Maps a Windows build and edition to the end-of-support table's product and feature release (23H2, 24H2, …).

export type WindowsGeneration = 7 | 8.1 | 10 | 11;

/** Build number → [Windows generation, feature release]. Microsoft's release information pages list these. */
const BUILDS: Record<number, [WindowsGeneration, string]> = {
  7601: [7, "SP1"],
  9600: [8.1, "8.1"],
  10240: [10, "1507"],
  10586: [10, "1511"],
  14393: [10, "1607"],
  15063: [10, "1703"],
  16299: [10, "1709"],
  17134: [10, "1803"],
  17763: [10, "1809"],
  18362: [10, "1903"],
  18363: [10, "1909"],
  19041: [10, "2004"],
  19042: [10, "20H2"],
  19043: [10, "21H1"],
  19044: [10, "21H2"],
  19045: [10, "22H2"],
  22000: [11, "21H2"],
  22621: [11, "22H2"],
  22631: [11, "23H2"],
  26100: [11, "24H2"],
  26200: [11, "25H2"],
  26300: [11, "26H2"],
  28000: [11, "26H1"],
};

/** "server": Windows Server shares client build numbers (2019 is 17763, 2025 is 26100) but not their lifecycle. */
export type WindowsEditionClass = "home-pro" | "enterprise-education" | "ltsc" | "server" | "unknown";

export function windowsRelease(build: number): { generation: WindowsGeneration; release: string } | null {
  const hit = BUILDS[build];
  return hit ? { generation: hit[0], release: hit[1] } : null;
}

/** Home, Pro, Pro Education and Pro for Workstations follow the 24-month lifecycle; Enterprise and Education 36. */
const EDITION_IDS: Record<string, WindowsEditionClass> = {
  core: "home-pro",
  coren: "home-pro",
  coresinglelanguage: "home-pro",
  corecountryspecific: "home-pro",
  professional: "home-pro",
  professionaln: "home-pro",
  professionaleducation: "home-pro",
  professionaleducationn: "home-pro",
  professionalworkstation: "home-pro",
  professionalworkstationn: "home-pro",
  enterprise: "enterprise-education",
  enterprisen: "enterprise-education",
  education: "enterprise-education",
  educationn: "enterprise-education",
  iotenterprise: "enterprise-education",
  enterprises: "ltsc",
  enterprisesn: "ltsc",
  iotenterprises: "ltsc",
};

/** OperatingSystemSKU values (GetProductInfo PRODUCT_* constants, decimal). */
const SKUS: Record<number, WindowsEditionClass> = {
  101: "home-pro", // Core (Home)
  100: "home-pro", // Core single language
  98: "home-pro", // Core N
  99: "home-pro", // Core country specific
  48: "home-pro", // Professional
  49: "home-pro", // Professional N
  164: "home-pro", // Pro Education
  165: "home-pro", // Pro Education N
  161: "home-pro", // Pro for Workstations
  162: "home-pro", // Pro for Workstations N
  4: "enterprise-education",
  27: "enterprise-education", // Enterprise N
  121: "enterprise-education", // Education
  122: "enterprise-education", // Education N
  188: "enterprise-education", // IoT Enterprise
  125: "ltsc", // Enterprise LTSC
  126: "ltsc",
  191: "ltsc", // IoT Enterprise LTSC
};

/** EditionID first, then the SKU number, then the (English only) caption. Anything else is unknown. */
export function windowsEditionClass(e: {
  editionId?: string | null;
  sku?: number | null;
  caption?: string | null;
}): WindowsEditionClass {
  if (/^Server/i.test(e.editionId ?? "") || /\bWindows Server\b/.test(e.caption ?? "")) return "server";
  const byId = e.editionId ? EDITION_IDS[e.editionId.toLowerCase()] : undefined;
  if (byId) return byId;
  const bySku = e.sku != null ? SKUS[e.sku] : undefined;
  if (bySku) return bySku;
  const c = e.caption ?? "";
  if (/\bLTS[BC]\b/.test(c)) return "ltsc";
  if (/\b(Enterprise|Education)\b/.test(c) && !/\bPro Education\b/.test(c)) return "enterprise-education";
  if (/\b(Home|Pro)\b/.test(c)) return "home-pro";
  return "unknown";
}

/**
 * The table's product names for a generation and edition class; both classes when the edition is unknown. Windows 7
 * and 8.1 ended on one date for every edition. Server editions have none: Ward's table does not cover them.
 */
export function windowsProducts(generation: WindowsGeneration, edition: WindowsEditionClass): string[] {
  if (edition === "server") return [];
  if (generation === 7 || generation === 8.1) return [`windows-${generation}`];
  const base = `windows-${generation}`;
  if (edition === "home-pro") return [`${base}-home-pro`];
  if (edition === "enterprise-education") return [`${base}-enterprise-education`];
  if (edition === "ltsc") return [`${base}-ltsc`];
  return [`${base}-home-pro`, `${base}-enterprise-education`];
}
