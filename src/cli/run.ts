/**
 * `tool-policy`: the extension's engine for scripts, MDM and fleets. Every outcome has an
 * exit code (README "Exit codes"): 0 compliant, 1 warnings, 2 violations, 3 policy error,
 * 4 usage, 5 incomplete; 70 a bug, 74 an output error.
 */
import * as os from 'node:os';
import { exportFleet } from '../core/export/fleet';
import { ExportTooLarge, exportOsquery, type ExportPlatform } from '../core/export/osquery';
import { allowedExtensionsPlan, exportVscodePolicy } from '../core/export/vscodePolicy';
import type { PolicyRule } from '../core/policy/types';
import { EXIT } from '../core/report/scanReport';
import { readCurrentPerson, readFolderOwner, userNamesOf } from '../machine/person';
import { catalogJson, catalogText } from './catalog';
import type { CliEnvironment } from './environment';
import { problemLine } from './formatText';
import { migrate } from './migrate';
import { oneOf, parseCommandArgs, parseNow, UsageError } from './options';
import { loadPolicies, readPolicySource } from './policies';
import { outputWidth, scan } from './scan';
import { safeText } from './terminalText';
import { USAGE } from './usage';

declare const TOOL_POLICY_VERSION: string | undefined;
const VERSION = typeof TOOL_POLICY_VERSION === 'string' ? TOOL_POLICY_VERSION : '0.0.0-dev';

export function nodeEnvironment(): CliEnvironment {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    platform: process.platform,
    clock: () => new Date(),
    homedir: () => os.homedir(),
    hostname: () => os.hostname(),
    pid: process.pid,
    version: VERSION,
    readPerson: (home) => (home === undefined ? readCurrentPerson(process.platform) : readFolderOwner(home, process.platform)),
    userNames: (uids) => userNamesOf(uids),
  };
}

export async function run(argv: readonly string[], io: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan': return await scan(rest, io);
      case 'validate': return await validate(rest, io);
      case 'export': return await exportCommand(rest, io);
      case 'catalog': return catalog(rest, io);
      case 'migrate': return await migrate(rest, io);
      case undefined:
        io.stderr.write(USAGE);
        return EXIT.usage;
      case '--help': case '-h': case 'help':
        io.stdout.write(USAGE);
        return EXIT.ok;
      case '--version': case '-v':
        io.stdout.write(`${io.version}\n`);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}" (expected scan, validate, export, catalog or migrate)`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      // The message may quote what was typed: escaped, like every text the terminal shows.
      io.stderr.write(`tool-policy: ${safeText(error.message)}\nRun "tool-policy --help" for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function catalog(args: readonly string[], io: CliEnvironment): number {
  const { values } = parseCommandArgs(args, { format: { type: 'string' } }, false);
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  io.stdout.write(format === 'json' ? catalogJson() : catalogText(outputWidth(io.stdout)));
  return EXIT.ok;
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
    'fail-from': { type: 'string' },
  }, false);
  if (values.format === undefined) throw new UsageError('export needs --format osquery, fleet or vscode-policy');
  const format = oneOf('format', values.format, ['osquery', 'fleet', 'vscode-policy'] as const, 'osquery');
  const failFrom = values['fail-from'] === undefined ? 'deadline' : oneOf('--fail-from', values['fail-from'], ['warning'] as const, 'warning');
  if (values['fail-from'] !== undefined && format !== 'fleet') throw new UsageError('--fail-from applies to --format fleet only');
  const platformOption = values.platform === undefined ? undefined : oneOf('platform', values.platform, ['linux', 'macos', 'windows'] as const, 'linux');
  const now = parseNow(values.now, io.clock);

  const loaded = await loadPolicies(values.policy ?? [], io.platform, io.env);
  if (loaded.none) {
    io.stderr.write(`tool-policy: no policy found (looked at ${safeText(loaded.locations.map((l) => l.path).join(', '))}); name one with --policy FILE\n`);
    return EXIT.policyError;
  }
  const policy = loaded.policy;
  if (policy.problems.length > 0) {
    // An export is deployed to every machine: never from a policy that is not whole.
    for (const problem of policy.problems) io.stderr.write(`${problemLine(problem)}\n`);
    return EXIT.policyError;
  }
  for (const change of policy.ignored) io.stderr.write(`tool-policy: note: ${safeText(`${change.path}: ${change.message}`)}\n`);
  const platforms: ExportPlatform[] = platformOption ? [platformOption] : ['linux', 'macos', 'windows'];
  // Each rule is matched with its own layer's tools and the layers' above, as in scan.
  const toolsFor = (rule: PolicyRule) => policy.toolsByLayer[rule.source.layer];
  if (format === 'osquery' || format === 'fleet') {
    let text: string;
    try {
      text = format === 'osquery' ? exportOsquery(policy.rules, toolsFor, platforms) : exportFleet(policy.rules, toolsFor, platforms, failFrom);
    } catch (error) {
      if (!(error instanceof ExportTooLarge)) throw error;
      io.stderr.write(`tool-policy: cannot export this policy as ${format}: ${error.message}\n`);
      return EXIT.policyError;
    }
    io.stdout.write(text);
  } else {
    const plan = allowedExtensionsPlan(policy.rules, toolsFor, now);
    for (const note of plan.notes) io.stderr.write(`tool-policy: note: ${safeText(note)}\n`);
    io.stdout.write(exportVscodePolicy(plan, platformOption ?? 'linux'));
  }
  return EXIT.ok;
}
