/** Reads processes on Windows through PowerShell's CIM. */
import { descendantsOf, type ProcessInfo } from '../../core/detect/processTree';
import { execText, type Exec } from './exec';
import type { MachineProcessReader } from './machineProcessReader';
import { splitCommandLine } from './splitCommandLine';

const SCRIPT = 'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name,CommandLine | ConvertTo-Json -Compress';

/**
 * PowerShell's JSON process list as data. Anything else (a profile's banner, an error
 * text, a policy that blocks CIM) is refused with an error quoting the start of it.
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
    const { ProcessId, ParentProcessId, Name, CommandLine } = row as Record<string, unknown>;
    if (typeof ProcessId !== 'number') continue;
    processes.push({
      pid: ProcessId,
      ppid: typeof ParentProcessId === 'number' ? ParentProcessId : 0,
      name: typeof Name === 'string' ? Name : '',
      argv: typeof CommandLine === 'string' ? splitCommandLine(CommandLine) : [],
    });
  }
  return processes;
}

export class WindowsProcessReader implements MachineProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  async all(): Promise<ProcessInfo[]> {
    return parseCimProcesses(await this.exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', SCRIPT]));
  }

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    return descendantsOf(await this.all(), roots);
  }
}
