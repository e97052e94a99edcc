// Windows: a WMI subscription to volume arrival and removal (Win32_VolumeChangeEvent), one line per event on stdout.

/**
 * Run by one long-lived powershell.exe beside the agent (like `udevadm monitor` on Linux): the subscription sleeps in
 * WMI until a drive letter comes or goes, so nothing runs while nothing is plugged. Win32_VolumeChangeEvent's
 * EventType is 2 for arrival and 3 for removal; DriveName is the letter ("E:"). Each event prints
 * `ward-volume-event <EventType> <DriveName>`; the watch then looks with its usual probes. Written from Microsoft's
 * class documentation: this script has never run on Windows here (CI parses it with the PowerShell grammar), and no
 * recorded event output was found, so its line format is Ward's own and the parser accepts only that.
 */
export const VOLUME_EVENTS_SCRIPT = `$ErrorActionPreference = 'Stop'
$WardAgentPid = [int]$env:WARD_AGENT_PID
Register-CimIndicationEvent -ClassName Win32_VolumeChangeEvent -SourceIdentifier WardVolumeChange | Out-Null
[Console]::Out.WriteLine('ward-volume-events ready')
while ($true) {
  # Every 10 s without an event: end if the agent that started this is gone (nothing else would stop it).
  $e = Wait-Event -SourceIdentifier WardVolumeChange -Timeout 10
  if ($null -eq $e) {
    if ($null -eq (Get-Process -Id $WardAgentPid -ErrorAction SilentlyContinue)) { exit 0 }
    continue
  }
  $v = $e.SourceEventArgs.NewEvent
  [Console]::Out.WriteLine(('ward-volume-event {0} {1}' -f $v.EventType, $v.DriveName))
  [Console]::Out.Flush()
  Remove-Event -EventIdentifier $e.EventIdentifier
}
`;

/**
 * powershell.exe arguments that run the script (encoded: no quoting of the script through the command line). The
 * agent's process id reaches it as WARD_AGENT_PID in the environment, which it inherits.
 */
export function volumeEventsArgs(): string[] {
  return [
    "-NoProfile",
    "-NonInteractive",
    "-ExecutionPolicy",
    "Bypass",
    "-EncodedCommand",
    Buffer.from(VOLUME_EVENTS_SCRIPT, "utf16le").toString("base64"),
  ];
}

export interface VolumeEvent {
  /** 1 configuration changed, 2 arrival, 3 removal, 4 docking. */
  eventType: number;
  drive: string;
}

const LINE = /^ward-volume-event ([1-4]) ([A-Za-z]:)?\s*$/;

/** Reads the script's stream a line at a time; the ready line and anything else are skipped. */
export class VolumeEventParser {
  private rest = "";

  push(chunk: string): VolumeEvent[] {
    const lines = (this.rest + chunk).split("\n");
    this.rest = lines.pop() ?? "";
    if (this.rest.length > 65_536) this.rest = "";
    return lines.flatMap((l) => {
      const m = LINE.exec(l.replace(/\r$/, ""));
      return m ? [{ eventType: Number(m[1]), drive: m[2] ?? "" }] : [];
    });
  }
}

/** Arrival or removal of a volume: worth a look at what is attached now. */
export const mayBeVolumeChange = (e: VolumeEvent) => e.eventType === 2 || e.eventType === 3;
