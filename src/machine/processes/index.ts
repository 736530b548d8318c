import type { ProcessReader } from '../../core/detect/processTree';
import { LinuxProcessReader } from './linuxProc';
import { PsProcessReader } from './ps';
import { WindowsProcessReader } from './windowsCim';

/** The process reader for this operating system. */
export function processReaderFor(platform: NodeJS.Platform): ProcessReader {
  if (platform === 'linux') return new LinuxProcessReader();
  if (platform === 'win32') return new WindowsProcessReader();
  return new PsProcessReader();
}
