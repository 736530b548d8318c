import type { ProcessInfo, ProcessReader } from '../../core/detect/processTree';

/** A process reader that can also list every process of the machine (for the command line). */
export interface MachineProcessReader extends ProcessReader {
  all(): Promise<ProcessInfo[]>;
}
