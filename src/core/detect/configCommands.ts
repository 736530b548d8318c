/**
 * The reader for command lines kept in config files: MCP servers (`mcp.json`,
 * `~/.claude.json`, Codex's `config.toml`, …) and agents started the same way (ACP's
 * `acp.json`). Each entry's `command` and `args` are an argument vector its owner starts
 * as is, read as the OS runs it (CommandLineReader.readArgv). One file's entries share
 * one reading budget, so no file can hold the reader for long; an entry not read to its
 * end says why in `incomplete`, which a scan must name (it cannot call such a machine
 * compliant).
 *
 * Entry points: `readConfigCommands` (at once: the command-line tool) and
 * `readConfigCommandsSliced` (pausing between slices: the editor).
 */
import type { CommandReading } from './invocation';
import { ReadBudget } from './readBudget';

/** One server's or agent's command as its config file gives it. */
export interface ConfigCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** What reads an argument vector the way the OS runs it (commandLine.ts provides it). */
export interface ArgvReader {
  readArgv(argv: readonly string[], budget: ReadBudget): CommandReading;
}

export interface SlicedArgvReader {
  readArgvSliced(argv: readonly string[], budget: ReadBudget, pause: () => Promise<void>): Promise<CommandReading>;
}

/**
 * What reading one file's commands may cost, in characters parsed, syntax nodes walked
 * (eight units each) and words read. A real config spends a few thousand; a hostile one
 * is cut off after a second or two (npm run bench, "Hostile MCP configs").
 */
const FILE_READING_BUDGET = 500_000;
/** Time inside the shell parser for one file's commands: text that makes its error recovery crawl is stopped by this. */
const FILE_PARSE_MS = 2_000;

const fileBudget = () => new ReadBudget(FILE_READING_BUDGET, FILE_PARSE_MS);

/**
 * What each of one file's commands runs, in the file's order, read at once within one
 * budget. The shortest are read first, so one huge command spends the budget only after
 * every ordinary one beside it has been read.
 */
export function readConfigCommands(reader: ArgvReader, commands: readonly ConfigCommand[], budget = fileBudget()): CommandReading[] {
  const readings: CommandReading[] = [];
  for (const index of shortestFirst(commands)) readings[index] = reader.readArgv(argvOf(commands[index] as ConfigCommand), budget);
  return readings;
}

/** The same, pausing on `pause` between slices of a few milliseconds. */
export async function readConfigCommandsSliced(reader: SlicedArgvReader, commands: readonly ConfigCommand[], pause: () => Promise<void>, budget = fileBudget()): Promise<CommandReading[]> {
  const readings: CommandReading[] = [];
  for (const index of shortestFirst(commands)) readings[index] = await reader.readArgvSliced(argvOf(commands[index] as ConfigCommand), budget, pause);
  return readings;
}

const argvOf = ({ command, args }: ConfigCommand): string[] => [command, ...args];

/** Indices of `commands`, the shortest command line first. */
function shortestFirst(commands: readonly ConfigCommand[]): number[] {
  const length = commands.map(({ command, args }) => args.reduce((sum, arg) => sum + arg.length, command.length));
  return commands.map((_, index) => index).sort((a, b) => (length[a] as number) - (length[b] as number));
}
