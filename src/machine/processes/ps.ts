/** Reads processes on macOS and other Unixes through `ps`. */
import * as path from 'node:path';
import { descendantsOf, type ProcessInfo, type ProcessReader } from '../../core/detect/processTree';
import { execText, type Exec } from './exec';
import { splitCommandLine } from './splitCommandLine';

export class PsProcessReader implements ProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    const text = await this.exec('ps', ['-axww', '-o', 'pid=,ppid=,comm=,args=']);
    const processes: ProcessInfo[] = [];
    for (const line of text.split('\n')) {
      const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s*(.*)$/.exec(line);
      if (!match) continue;
      processes.push({ pid: Number(match[1]), ppid: Number(match[2]), name: path.basename(match[3] as string), argv: splitCommandLine(match[4] ?? '') });
    }
    return descendantsOf(processes, roots);
  }
}
