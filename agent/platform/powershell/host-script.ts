// The PowerShell side of the long-lived host: reads framed requests on stdin, runs each in a fresh runspace, answers framed.

/**
 * Request, one line:  `<id> <timeoutMs> <base64 of the script's UTF-8>`
 * Answer, one line:   `WARD-PS1 <id> <exitCode> <timedOut 0|1> <base64 UTF-8 stdout> <base64 UTF-8 stderr>`
 * Base64 keeps every frame on one line whatever the script prints (CR, LF, the frame marker, any language), and
 * UTF-8 avoids the OEM code page PowerShell 5.1 writes to a pipe. Each script runs in its own runspace
 * ([PowerShell]::Create()): variables, $ErrorActionPreference and `exit` stay inside it, as with one powershell.exe
 * per probe. Its output goes through Out-String at 120 columns (a console's width), so tables and lists print as
 * they do at a prompt. A script still running at its timeout is stopped (Stop()) and answered as timed out; one that
 * does not stop is the Node side's to kill. Terminating errors answer exit code 1 with the error on stderr;
 * non-terminating errors go to stderr and leave exit code 0 (powershell.exe -Command decides by the last statement,
 * which a runspace does not tell). End of stdin (the agent closed it: idle, or exiting) ends the host.
 */
export const HOST_SCRIPT = `$ErrorActionPreference = 'Stop'
$utf8 = New-Object System.Text.UTF8Encoding $false
$reader = New-Object System.IO.StreamReader ([Console]::OpenStandardInput()), $utf8
$writer = New-Object System.IO.StreamWriter ([Console]::OpenStandardOutput()), $utf8
$writer.AutoFlush = $true
function ConvertTo-WardBase64([string] $text) {
  if ($null -eq $text) { $text = '' }
  return [Convert]::ToBase64String($utf8.GetBytes($text))
}
while ($true) {
  $line = $reader.ReadLine()
  if ($null -eq $line) { break }
  $parts = $line.Split(' ')
  if ($parts.Count -ne 3) { continue }
  $id = $parts[0]
  $out = ''
  $err = ''
  $code = 0
  $timedOut = 0
  $ps = $null
  try {
    $timeoutMs = [int] $parts[1]
    $script = $utf8.GetString([Convert]::FromBase64String($parts[2]))
    $ps = [PowerShell]::Create()
    $null = $ps.AddScript($script).AddCommand('Out-String').AddParameter('Width', 120)
    $async = $ps.BeginInvoke()
    if ($async.AsyncWaitHandle.WaitOne($timeoutMs)) {
      try {
        $out = -join @($ps.EndInvoke($async))
      } catch {
        $code = 1
        $err = ($_ | Out-String -Width 120)
      }
    } else {
      $timedOut = 1
      $code = -1
      $ps.Stop()
    }
    if ($ps.Streams.Error.Count -gt 0) { $err += ($ps.Streams.Error | Out-String -Width 120) }
  } catch {
    $code = 1
    $err += ($_ | Out-String -Width 120)
  } finally {
    if ($null -ne $ps) { $ps.Dispose() }
  }
  $writer.WriteLine('WARD-PS1 ' + $id + ' ' + $code + ' ' + $timedOut + ' ' + (ConvertTo-WardBase64 $out) + ' ' + (ConvertTo-WardBase64 $err))
}
`;

/** powershell.exe's -EncodedCommand takes the script as base64 of UTF-16LE: no quoting on the command line at all. */
export function encodedHostCommand(): string {
  return Buffer.from(HOST_SCRIPT, "utf16le").toString("base64");
}
