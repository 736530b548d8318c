import { LinuxProcessReader } from './linuxProc';
import type { MachineProcessReader } from './machineProcessReader';
import { PsProcessReader } from './ps';
import { WindowsProcessReader } from './windowsCim';

export type { MachineProcessReader } from './machineProcessReader';

/** The process reader for this operating system. */
export function processReaderFor(platform: NodeJS.Platform): MachineProcessReader {
  if (platform === 'linux') return new LinuxProcessReader();
  if (platform === 'win32') return new WindowsProcessReader();
  return new PsProcessReader();
}
