import type { ProcessInfo, ProcessReader } from '../../core/detect/processTree';
import { LinuxProcessReader } from './linuxProc';
import { PsProcessReader } from './ps';
import { WindowsProcessReader } from './windowsCim';

/** A process reader that can also list every process of the machine (for the command line). */
export interface MachineProcessReader extends ProcessReader {
  all(): Promise<ProcessInfo[]>;
}

/** The process reader for this operating system. */
export function processReaderFor(platform: NodeJS.Platform): MachineProcessReader {
  if (platform === 'linux') return new LinuxProcessReader();
  if (platform === 'win32') return new WindowsProcessReader();
  return new PsProcessReader();
}
