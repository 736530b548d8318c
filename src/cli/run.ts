/**
 * `tool-policy`: the extension's engine for scripts, MDM and fleets. Every outcome has an
 * exit code (README "Exit codes"): 0 compliant, 1 warnings, 2 violations, 3 policy error, 4 usage.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { ArgvReader } from '../core/detect/configCommands';
import { gatherEvidence, incompleteReadings } from '../core/detect/gatherEvidence';
import { machineObservables } from '../core/detect/machineEvidence';
import { parseCodexToml, parseContinueYaml } from '../core/detect/mcpConfigFormats';
import { exportFleet } from '../core/export/fleet';
import { exportOsquery, type ExportPlatform } from '../core/export/osquery';
import { allowedExtensionsPlan, exportVscodePolicy } from '../core/export/vscodePolicy';
import { evaluateByLayer } from '../core/findings';
import { scanMachine } from '../machine/machineScan';
import type { ReadMcpConfig } from '../machine/mcpConfigFiles';
import type { MachineProcessReader } from '../machine/processes';
import { currentUserName } from '../machine/user';
import { formatSarif } from './formatSarif';
import { formatText, problemLine } from './formatText';
import { parseJsonMcpConfig } from './mcpJson';
import { oneOf, parseCommandArgs, parseLang, parseNow, UsageError } from './options';
import { loadPolicies, readPolicySource } from './policies';
import { buildScanReport, EXIT } from './scanReport';
import { colourWanted, painter } from './terminalText';
import { USAGE } from './usage';

declare const TOOL_POLICY_VERSION: string | undefined;
export const VERSION = typeof TOOL_POLICY_VERSION === 'string' ? TOOL_POLICY_VERSION : '0.0.0-dev';


export interface CliEnvironment {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly clock: () => Date;
  readonly homedir: () => string;
  readonly username: () => string;
  readonly pid: number;
  readonly processReader?: MachineProcessReader;
  /** Loads the shell parser; by default from the WebAssembly embedded in dist/cli.js. */
  readonly loadArgvReader?: () => Promise<ArgvReader>;
}

export function nodeEnvironment(): CliEnvironment {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    platform: process.platform,
    clock: () => new Date(),
    homedir: () => os.homedir(),
    username: currentUserName,
    pid: process.pid,
  };
}

export async function run(argv: readonly string[], io: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan': return await scan(rest, io);
      case 'validate': return await validate(rest, io);
      case 'export': return await exportCommand(rest, io);
      case undefined:
        io.stderr.write(USAGE);
        return EXIT.usage;
      case '--help': case '-h': case 'help':
        io.stdout.write(USAGE);
        return EXIT.ok;
      case '--version': case '-v':
        io.stdout.write(`${VERSION}\n`);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}" (expected scan, validate or export)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`tool-policy: ${error.message}\nRun "tool-policy --help" for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function parseMcpFile(file: ReadMcpConfig): { servers: Array<{ name: string; command: string; args: readonly string[] }> } | { error: string } {
  const text = file.text ?? '';
  const parsed = file.format === 'toml' ? parseCodexToml(text) : file.format === 'yaml' ? parseContinueYaml(text) : parseJsonMcpConfig(text);
  return 'error' in parsed ? { error: parsed.error } : { servers: [...parsed.servers] };
}

/**
 * The shell parser reads MCP servers' command lines. Its WebAssembly (embedded in
 * dist/cli.js) is decoded and compiled only when there is a server to read: most
 * machines have none, and a scan should not pay for it.
 */
async function argvReaderFor(serverCount: number, io: CliEnvironment): Promise<ArgvReader> {
  if (serverCount === 0) return { readArgv: () => ({ invocations: [] }) };
  if (io.loadArgvReader) return io.loadArgvReader();
  const { loadShellReader } = await import('./shellReader.js');
  return loadShellReader();
}

async function scan(args: readonly string[], io: CliEnvironment): Promise<number> {
  const { values } = parseCommandArgs(args, {
    policy: { type: 'string', multiple: true },
    home: { type: 'string' },
    format: { type: 'string' },
    now: { type: 'string' },
    lang: { type: 'string' },
  }, false);
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const now = parseNow(values.now, io.clock);
  const language = parseLang(values.lang, io.env);
  const home = values.home !== undefined ? path.resolve(values.home) : io.homedir();

  const loaded = await loadPolicies(values.policy ?? [], io.platform, io.env);
  const policy = loaded.policy;
  if (loaded.none) {
    io.stderr.write(`tool-policy: no policy found (looked at ${loaded.locations.map((l) => l.path).join(', ')}); name one with --policy FILE\n`);
    return EXIT.policyError;
  }
  // Another user's home folder: this process's own per-user settings do not describe it.
  const env = values.home === undefined ? io.env : { ...io.env, CLAUDE_CONFIG_DIR: undefined, CODEX_HOME: undefined, APPDATA: undefined, npm_config_prefix: undefined, NPM_CONFIG_PREFIX: undefined };
  const machine = await scanMachine({
    home,
    platform: io.platform,
    env,
    tools: policy.tools,
    parseMcpConfig: parseMcpFile,
    ownPids: [io.pid],
    ...(io.processReader ? { processReader: io.processReader } : {}),
  });
  const reader = await argvReaderFor(machine.snapshot.mcpServers.length, io);
  // What the machine shows, read once: MCP servers' command lines within a budget per file.
  const observables = machineObservables(machine.snapshot, reader);
  // Exceptions for users apply to the owner of the home folder scanned; workspace
  // exceptions need an editor's workspace and do not apply to a machine scan.
  const user = values.home !== undefined ? path.basename(home) : io.username();
  // Each layer's rules see only the matchers of that layer and the ones above it.
  const findings = evaluateByLayer(policy, (tools) => gatherEvidence(tools, observables), now, { user, workspaceFolders: [], caseInsensitivePaths: io.platform === 'win32' });
  const report = buildScanReport({
    policy,
    findings,
    policyError: policy.problems.length > 0,
    now,
    generatedAt: io.clock(),
    home,
    version: VERSION,
    scanned: { editorFolders: [...machine.looked.editorFolders], mcpFiles: [...machine.looked.mcpFiles], processes: machine.looked.processes },
    scanProblems: [...machine.problems, ...incompleteReadings(observables)],
    language,
  });
  if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif') io.stdout.write(formatSarif(report, policy, language));
  else io.stdout.write(formatText(report, painter(colourWanted(io.stdout.isTTY === true, io.env))));
  if (format !== 'text') for (const problem of policy.problems) io.stderr.write(`${problemLine(problem)}\n`);
  return report.exitCode;
}

async function validate(args: readonly string[], io: CliEnvironment): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, true);
  if (positionals.length === 0) throw new UsageError('validate needs at least one policy file');
  let failed = 0;
  for (const file of positionals) {
    const source = await readPolicySource({ layer: 'user', path: file }, { missingIsError: true });
    // Warnings do not stop a file from applying, so they do not change the exit code.
    for (const problem of [...source.problems, ...(source.warnings ?? [])]) {
      io.stdout.write(`${problemLine({ ...problem, file })}\n`);
    }
    if (source.status !== 'ok') failed++;
  }
  io.stderr.write(failed === 0 ? `${positionals.length} policy file${positionals.length === 1 ? '' : 's'} valid\n` : `${failed} of ${positionals.length} policy files have errors\n`);
  return failed === 0 ? EXIT.ok : EXIT.policyError;
}

async function exportCommand(args: readonly string[], io: CliEnvironment): Promise<number> {
  const { values } = parseCommandArgs(args, {
    format: { type: 'string' },
    policy: { type: 'string', multiple: true },
    now: { type: 'string' },
    platform: { type: 'string' },
  }, false);
  if (values.format === undefined) throw new UsageError('export needs --format osquery, fleet or vscode-policy');
  const format = oneOf('format', values.format, ['osquery', 'fleet', 'vscode-policy'] as const, 'osquery');
  const platformOption = values.platform === undefined ? undefined : oneOf('platform', values.platform, ['linux', 'macos', 'windows'] as const, 'linux');
  const now = parseNow(values.now, io.clock);

  const loaded = await loadPolicies(values.policy ?? [], io.platform, io.env);
  if (loaded.none) {
    io.stderr.write(`tool-policy: no policy found (looked at ${loaded.locations.map((l) => l.path).join(', ')}); name one with --policy FILE\n`);
    return EXIT.policyError;
  }
  const policy = loaded.policy;
  if (policy.problems.length > 0) {
    // An export is deployed to every machine: never from a policy that is not whole.
    for (const problem of policy.problems) io.stderr.write(`${problemLine(problem)}\n`);
    return EXIT.policyError;
  }
  for (const change of policy.ignored) io.stderr.write(`tool-policy: note: ${change.path}: ${change.message}\n`);
  const platforms: ExportPlatform[] = platformOption ? [platformOption] : ['linux', 'macos', 'windows'];
  if (format === 'osquery') io.stdout.write(exportOsquery(policy.rules, policy.tools, platforms));
  else if (format === 'fleet') io.stdout.write(exportFleet(policy.rules, policy.tools, platforms));
  else {
    const plan = allowedExtensionsPlan(policy.rules, (rule) => policy.toolsByLayer[rule.source.layer], now);
    for (const note of plan.notes) io.stderr.write(`tool-policy: note: ${note}\n`);
    io.stdout.write(exportVscodePolicy(plan, platformOption ?? 'linux'));
  }
  return EXIT.ok;
}
