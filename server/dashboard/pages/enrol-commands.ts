// The enrolment commands shown with a new token, ready to paste: msiexec (and Intune's Win32-app lines), deb and rpm
// with their variables, the macOS profile to download, and each package from this collector with its SHA-256.
import { AGENT_VERSION } from "../../../agent/version.js";
import { cliCommandPrefix } from "../../config/cli-command.js";
import type { ServerConfig } from "../../config/config.js";
import type { AgentPackage, PackageKind } from "../../packages/agent-packages.js";
import { PACKAGE_KINDS } from "../../packages/agent-packages.js";
import { DOWNLOADS } from "../../packages/routes.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField } from "../layout.js";

/** Stands in for the address when none is configured (the page says so above the commands). */
export const NO_URL = "https://YOUR-COLLECTOR";

const EXPECTED_NAME: Record<PackageKind, string> = {
  msi: "ward-agent.msi",
  deb: `ward-agent_${AGENT_VERSION}_amd64.deb`,
  rpm: `ward-agent-${AGENT_VERSION}-1.x86_64.rpm`,
  pkg: `ward-agent-${AGENT_VERSION}.pkg`,
};

export interface EnrolCommandsInput {
  publicUrl: string | undefined;
  token: string;
  councilName: string;
  packages: Map<PackageKind, AgentPackage>;
  config: Pick<ServerConfig, "cliCommand">;
  distDir: string;
  csrf: string;
}

/** A command in a box with a Copy button (ward.js; without script the box selects whole on a click). */
function command(id: string, label: string, text: string): Html {
  return html`<div class="cmd"><span class="cmd-label" id="${id}-label">${label}</span>
<pre id="${id}" aria-labelledby="${id}-label">${text}</pre><button type="button" class="copy" data-copy="${id}">Copy</button></div>`;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function packageLine(kind: PackageKind, i: EnrolCommandsInput, url: string): Html {
  const info = PACKAGE_KINDS.find((k) => k.kind === kind)!;
  const p = i.packages.get(kind);
  if (!p)
    return html`<p class="package missing" id="package-${kind}">✘ ${info.label}: not built on this collector (no ${EXPECTED_NAME[kind]} in <code>${i.distDir}</code>). Build it: <code>${info.build}</code>.</p>`;
  return html`<p class="package" id="package-${kind}">${info.label}: <a href="${DOWNLOADS}/${p.name}" download>${p.name}</a> (${mb(p.size)}), from <code>${url}${DOWNLOADS}/${p.name}</code><br>
<small>SHA-256 <code class="sha256">${p.sha256}</code></small></p>`;
}

export function enrolCommands(i: EnrolCommandsInput): Html {
  const url = i.publicUrl ?? NO_URL;
  const t = i.token;
  const deb = i.packages.get("deb")?.name ?? EXPECTED_NAME.deb;
  const rpm = i.packages.get("rpm")?.name ?? EXPECTED_NAME.rpm;
  const fetch = (name: string) => `curl -fsSLO ${url}${DOWNLOADS}/${name}`;
  const where = i.publicUrl
    ? html`<p>Laptops reach this collector at <strong id="public-url">${i.publicUrl}</strong>.</p>`
    : html`<p class="flash flash-error" role="alert" id="no-public-url">✘ This collector has no public address set, so the commands below show <code>${NO_URL}</code> where it goes.
Set the address laptops reach it at, then restart it: <code>${cliCommandPrefix(i.config)} start --public-url https://ward.example.org</code>, or <code>WARD_PUBLIC_URL=https://ward.example.org</code> in its environment (in the systemd unit: <code>Environment=WARD_PUBLIC_URL=…</code>).</p>`;
  return html`<section class="card enrol" aria-labelledby="enrol-title"><h2 id="enrol-title">Install the agent on ${i.councilName}'s laptops</h2>
${where}
<h3>Windows</h3>
${packageLine("msi", i, url)}
${command("cmd-msiexec", "Silent install (elevated prompt, Group Policy or an RMM):", `msiexec /i ward-agent.msi /qn SERVER_URL=${url} ENROLL_TOKEN=${t}`)}
<details open><summary>Intune (Windows app, Win32)</summary>
${command("cmd-intunewin", "1. Wrap the MSI with Microsoft's Win32 Content Prep Tool:", "IntuneWinAppUtil.exe -c C:\\ward -s ward-agent.msi -o C:\\ward\\out")}
${command("cmd-intune-install", "2. Install command (install behaviour: System):", `msiexec /i ward-agent.msi /qn SERVER_URL=${url} ENROLL_TOKEN=${t}`)}
${command("cmd-intune-uninstall", "Uninstall command (or keep the msiexec /x {product code} /qn Intune fills in from the MSI):", "msiexec /x ward-agent.msi /qn")}
${command("cmd-intune-detect", "3. Detection rule: File, path, file, method, 64-bit:", "Path: %ProgramFiles%\\Ward   File or folder: ward.exe   Detection method: File or folder exists   Associated with a 64-bit app: Yes")}
</details>
<h3>Linux</h3>
${packageLine("deb", i, url)}
${command("cmd-deb", "Debian or Ubuntu:", `${fetch(deb)}\nsudo SERVER_URL=${url} ENROLL_TOKEN=${t} apt install ./${deb}`)}
${packageLine("rpm", i, url)}
${command("cmd-rpm", "RHEL or Fedora:", `${fetch(rpm)}\nsudo SERVER_URL=${url} ENROLL_TOKEN=${t} dnf install ./${rpm}`)}
<p><small>The package's install script passes SERVER_URL and ENROLL_TOKEN to the agent through its environment and writes <code>/etc/ward/agent.json</code> (mode 0600); the service enrols on its first start and then removes the token from that file. With configuration management, put <code>{"serverUrl": "${url}", "enrollToken": "…"}</code> there first and install without the variables.</small></p>
<h3>macOS</h3>
<form method="post" action="${BASE}/tokens/mobileconfig" class="inline">${csrfField(i.csrf)}<input type="hidden" name="token" value="${t}">
<p>1. Deploy this configuration profile with your MDM (Jamf Pro, or Intune's custom macOS template) before the package; it carries the address and the token:
<button type="submit" id="download-mobileconfig">Download ward.mobileconfig</button></p></form>
${packageLine("pkg", i, url)}
<p><small>Any user of the Mac can read a profile's settings, the token too: keep the token's uses few and its expiry short, and remove the profile once the Macs have enrolled.</small></p>
<h3>By hand, any system</h3>
${command("cmd-ward-enroll", "With the agent already installed:", `ward enroll --server ${url} --token ${t}`)}
</section>`;
}
