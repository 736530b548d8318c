import type { ArgvReader } from '../core/detect/configCommands';
import type { PersonReading } from '../machine/person';
import type { MachineProcessReader } from '../machine/processes';

/** What the command line reads from the process it runs in; tests hand in their own. */
export interface CliEnvironment {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly clock: () => Date;
  readonly homedir: () => string;
  readonly hostname: () => string;
  readonly pid: number;
  readonly version: string;
  /** The person: the owner of `home` when given, else the user running the scan. */
  readonly readPerson: (home: string | undefined) => Promise<PersonReading>;
  /** User names of process owners' numeric ids. */
  readonly userNames: (uids: readonly number[]) => Promise<ReadonlyMap<number, string>>;
  readonly processReader?: MachineProcessReader;
  /** Loads the shell parser; by default from the WebAssembly embedded in dist/cli.js. */
  readonly loadArgvReader?: () => Promise<ArgvReader>;
}
