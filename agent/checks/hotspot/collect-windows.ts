// Windows glue: runs the Mobile Hotspot, hosted network and interface probes and turns them into mechanism facts.
import type { CollectContext } from "../framework/check.js";
import type { ProbeOutcome } from "../framework/probe.js";
import type { CollectedHotspot, MechanismFact } from "./facts.js";
import { type HostedNetworkStatus, parseNetshHostedNetwork } from "./parse-netsh-hostednetwork.js";
import { parseNetshInterfaces } from "./parse-netsh-interfaces.js";
import { parseTetheringState } from "./parse-tethering-state.js";
import { probeProblem } from "./probe-problem.js";

export async function collectWindows(ctx: CollectContext): Promise<CollectedHotspot> {
  const [hotspot, hosted, interfaces] = [
    await ctx.probe("win.mobile-hotspot"),
    await ctx.probe("win.hostednetwork"),
    await ctx.probe("win.wlan-interfaces"),
  ];
  const configuredButInactive: string[] = [];
  const mobile = mobileHotspot(ctx, hotspot);

  // The hosted network's status is printed by both netsh commands; either one saying "Started" is a running hotspot.
  let hostedFromShow: HostedNetworkStatus | null = null;
  let hostedDetail = probeProblem(hosted);
  if (hosted.ok) {
    const r = parseNetshHostedNetwork(hosted.text);
    if (r.ok) {
      hostedFromShow = r.value.status;
      hostedDetail = `netsh wlan show hostednetwork: mode ${r.value.mode ?? "not shown"}, status ${r.value.status.replace("_", " ")}`;
      if (r.value.status === "not_started" && r.value.mode?.toLowerCase() === "allowed") {
        configuredButInactive.push("The Windows hosted network is allowed (set up) but not started.");
      }
    } else {
      hostedDetail = r.error;
      ctx.noteError({ probe: "win.hostednetwork", error: r.error });
    }
  }
  let hostedFromInterfaces: HostedNetworkStatus | null = null;
  let interfaceCount: number | null = null;
  if (interfaces.ok) {
    const r = parseNetshInterfaces(interfaces.text);
    if (r.ok) {
      hostedFromInterfaces = r.value.hostedNetworkStatus;
      interfaceCount = r.value.interfaceCount;
    } else ctx.noteError({ probe: "win.wlan-interfaces", error: r.error });
  }
  const statuses = [hostedFromShow, hostedFromInterfaces];
  const hostedState: MechanismFact["state"] = statuses.includes("started")
    ? "active"
    : (hostedFromShow ?? hostedFromInterfaces) === "not_started"
      ? "inactive"
      : "unknown";
  if (hostedFromShow === null && hostedFromInterfaces !== null) {
    hostedDetail = `netsh wlan show interfaces: hosted network status ${hostedFromInterfaces.replace("_", " ")}`;
  }
  if (hostedState === "active" && hostedFromShow !== "started") {
    hostedDetail = "netsh wlan show interfaces: hosted network status started";
  }

  return {
    mechanisms: [mobile, { id: "windows-hosted-network", state: hostedState, detail: hostedDetail }],
    // Only a positive answer is used: Ward has no real capture of netsh saying there is no Wi-Fi interface.
    wifiHardware: interfaceCount !== null && interfaceCount > 0 ? "present" : "unknown",
    wifiHardwareDetail:
      interfaceCount !== null && interfaceCount > 0
        ? `netsh lists ${interfaceCount} Wi-Fi interface${interfaceCount === 1 ? "" : "s"}`
        : "Ward has no verified way yet to prove this Windows computer has no Wi-Fi",
    configuredButInactive,
  };
}

function mobileHotspot(ctx: CollectContext, outcome: ProbeOutcome): MechanismFact {
  const id = "windows-mobile-hotspot";
  if (!outcome.ok) return { id, state: "unknown", detail: probeProblem(outcome) };
  const r = parseTetheringState(outcome.text);
  if (!r.ok) {
    ctx.noteError({ probe: "win.mobile-hotspot", error: r.error });
    return { id, state: "unknown", detail: r.error };
  }
  switch (r.value) {
    case "On":
      return { id, state: "active", detail: "TetheringOperationalState On" };
    case "Off":
      return { id, state: "inactive", detail: "TetheringOperationalState Off" };
    case "InTransition":
      return {
        id,
        state: "unknown",
        detail: "Mobile Hotspot was switching on or off (TetheringOperationalState InTransition)",
      };
    case "Unknown":
      return {
        id,
        state: "unknown",
        detail: "Windows itself did not know the Mobile Hotspot state (TetheringOperationalState Unknown)",
      };
    case "NoInternetProfile":
      return {
        id,
        state: "unknown",
        detail: "Windows had no internet connection, so it could not say whether Mobile Hotspot is on",
      };
  }
}
