/** Reads processes on Windows through PowerShell's CIM. */
import { descendantsOf, type ProcessInfo } from '../../core/detect/processTree';
import { execText, type Exec } from './exec';
import type { MachineProcessReader } from './machineProcessReader';
import { splitCommandLine } from './splitCommandLine';

const SCRIPT = 'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name,CommandLine | ConvertTo-Json -Compress';

/**
 * The same with each process's owner (`DOMAIN\\user`) from Win32_Process's GetOwner
 * method, for the machine scan, which counts only one person's processes. It costs a call
 * per process, so the terminal watcher (which needs no owner) keeps the plain list. An owner
 * Windows will not tell (another user's process, without elevation) stays empty.
 */
const SCRIPT_WITH_OWNERS = "[Console]::OutputEncoding = [Text.Encoding]::UTF8; Get-CimInstance Win32_Process | ForEach-Object { $o = Invoke-CimMethod -InputObject $_ -MethodName GetOwner -ErrorAction SilentlyContinue; [pscustomobject]@{ ProcessId = $_.ProcessId; ParentProcessId = $_.ParentProcessId; Name = $_.Name; CommandLine = $_.CommandLine; Owner = $(if ($o -and $o.ReturnValue -eq 0) { $o.Domain + '\\' + $o.User } else { $null }) } } | ConvertTo-Json -Compress";

/**
 * PowerShell's JSON process list as data. Anything else (a profile's banner, an error
 * text, a policy that blocks CIM) is refused with an error quoting the start of it.
 * @internal parser of untrusted process text, unit-tested on crafted input.
 */
export function parseCimProcesses(text: string): ProcessInfo[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    const start = trimmed.slice(0, 200).replace(/\s+/g, ' ');
    throw new Error(`PowerShell did not return a JSON process list (${(error as Error).message}); it printed: ${start}${trimmed.length > 200 ? '…' : ''}`);
  }
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  const processes: ProcessInfo[] = [];
  for (const row of rows as unknown[]) {
    if (typeof row !== 'object' || row === null) continue;
    const { ProcessId, ParentProcessId, Name, CommandLine, Owner } = row as Record<string, unknown>;
    if (typeof ProcessId !== 'number') continue;
    processes.push({
      pid: ProcessId,
      ppid: typeof ParentProcessId === 'number' ? ParentProcessId : 0,
      name: typeof Name === 'string' ? Name : '',
      argv: typeof CommandLine === 'string' ? splitCommandLine(CommandLine) : [],
      ...(typeof Owner === 'string' && Owner !== '' && Owner !== '\\' ? { user: Owner } : {}),
    });
  }
  return processes;
}

export class WindowsProcessReader implements MachineProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  /** Every process with its owner, for the machine scan. */
  async all(): Promise<ProcessInfo[]> {
    return parseCimProcesses(await this.exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', SCRIPT_WITH_OWNERS]));
  }

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    return descendantsOf(parseCimProcesses(await this.exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', SCRIPT])), roots);
  }
}
