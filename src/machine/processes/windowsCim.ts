/** Reads processes on Windows through PowerShell's CIM. */
import { descendantsOf, type ProcessInfo, type ProcessReader } from '../../core/detect/processTree';
import { execText, type Exec } from './exec';
import { splitCommandLine } from './splitCommandLine';

export class WindowsProcessReader implements ProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    const script = 'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name,CommandLine | ConvertTo-Json -Compress';
    const text = await this.exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);
    const parsed = JSON.parse(text || '[]') as unknown;
    const rows = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ ProcessId?: number; ParentProcessId?: number; Name?: string; CommandLine?: string | null }>;
    const processes = rows.filter((row) => typeof row.ProcessId === 'number').map((row) => ({
      pid: row.ProcessId as number,
      ppid: row.ParentProcessId ?? 0,
      name: row.Name ?? '',
      argv: splitCommandLine(row.CommandLine ?? ''),
    }));
    return descendantsOf(processes, roots);
  }
}
