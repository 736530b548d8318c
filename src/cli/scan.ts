/**
 * `tool-policy scan`: this machine against the policy, for one person: the owner of the
 * home folder (default: the user running the scan). Their processes count (every user's
 * with `--all-users`), and user and group exceptions are decided for them.
 */
import * as path from 'node:path';
import type { ArgvReader } from '../core/detect/configCommands';
import { gatherEvidence, incompleteReadings } from '../core/detect/gatherEvidence';
import { machineObservables } from '../core/detect/machineEvidence';
import { parseCodexToml, parseContinueYaml } from '../core/detect/mcpConfigFormats';
import { evaluateByLayer, type Finding } from '../core/findings';
import type { ProcessOwners } from '../core/person';
import { buildScanReport, EXIT, type ScanProblem } from '../core/report/scanReport';
import { scanMachine } from '../machine/machineScan';
import { FindingMemoryStore } from '../machine/findingMemory';
import { StateFolder, stateFolderPath } from '../machine/stateFolder';
import type { ReadMcpConfig } from '../machine/mcpConfigFiles';
import { formatSarif } from './formatSarif';
import { formatText, problemLine } from './formatText';
import { checkHome } from './home';
import { parseJsonMcpConfig } from './mcpJson';
import { oneOf, parseCommandArgs, parseLang, parseNow } from './options';
import { loadPolicies } from './policies';
import type { CliEnvironment } from './environment';
import { colourWanted, painter, safeText } from './terminalText';
import { cliTranslate } from './words';

function parseMcpFile(file: ReadMcpConfig): { servers: Array<{ name: string; command: string; args: readonly string[] }>; problems: readonly string[] } | { error: string } {
  const text = file.text ?? '';
  const parsed = file.format === 'toml' ? parseCodexToml(text) : file.format === 'yaml' ? parseContinueYaml(text) : parseJsonMcpConfig(text);
  return 'error' in parsed ? { error: parsed.error } : { servers: [...parsed.servers], problems: parsed.problems ?? [] };
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

/** Whether a finding's phase could be lower for someone whose name or groups were known: an exception by user or group in force. */
const hangsOnThePerson = (findings: readonly Finding[], now: Date) => findings.some((finding) => finding.phase.phase !== 'excepted'
  && finding.rule.exceptions.some((exception) => (exception.users.length > 0 || exception.groups.length > 0) && now.getTime() < exception.until.getTime()));

/** The terminal's width for text output; 80 when the output is not a terminal. */
export function outputWidth(stdout: CliEnvironment['stdout']): number {
  const columns = stdout.isTTY === true ? stdout.columns : undefined;
  return typeof columns === 'number' && Number.isFinite(columns) && columns >= 20 ? Math.min(columns, 400) : 80;
}

/**
 * The person's acknowledgements and first-seen times (README "Acknowledgements and
 * first-seen times"). Without `--home` the scan is the person's own: their state folder
 * (XDG_STATE_HOME honoured) records the findings seen now. With `--home` it reads the
 * state folder of that home's owner, placed from the home alone (the running user's
 * XDG_STATE_HOME or LOCALAPPDATA do not describe someone else's home, unless it is the
 * running user's own), and never writes to it. A scan `--now` another time records nothing.
 */
async function rememberFindings(findings: readonly Finding[], now: Date, home: string, options: { homeGiven: boolean; record: boolean }, io: CliEnvironment) {
  const ownHome = !options.homeGiven || home === path.resolve(io.homedir());
  const env = ownHome ? io.env : { ...io.env, XDG_STATE_HOME: undefined, LOCALAPPDATA: undefined };
  const store = new FindingMemoryStore(new StateFolder(stateFolderPath(io.platform, env, home), { readOnly: !options.record }));
  const reading = await store.read();
  const problems: ScanProblem[] = [...reading.problems];
  let firstSeen = reading.memory.firstSeen;
  try {
    firstSeen = await store.see(findings.map((finding) => finding.id), now, firstSeen);
  } catch (error) {
    problems.push({ where: 'state folder', message: `first-seen times could not be recorded: ${error instanceof Error ? error.message : String(error)}` });
  }
  return { memory: { ...reading.memory, firstSeen }, problems };
}

export async function scan(args: readonly string[], io: CliEnvironment): Promise<number> {
  const { values } = parseCommandArgs(args, {
    policy: { type: 'string', multiple: true },
    home: { type: 'string' },
    'all-users': { type: 'boolean' },
    format: { type: 'string' },
    now: { type: 'string' },
    lang: { type: 'string' },
  }, false);
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const now = parseNow(values.now, io.clock);
  const language = parseLang(values.lang, io.env);
  const home = values.home !== undefined ? path.resolve(values.home) : io.homedir();
  await checkHome(home, values.home !== undefined ? '--home' : 'the home folder (HOME; name another with --home)');
  const allUsers = values['all-users'] === true;

  const loaded = await loadPolicies(values.policy ?? [], io.platform, io.env);
  const policy = loaded.policy;
  if (loaded.none) {
    io.stderr.write(`tool-policy: no policy found (looked at ${safeText(loaded.locations.map((l) => l.path).join(', '))}); name one with --policy FILE\n`);
    return EXIT.policyError;
  }
  // The person: the home folder's owner, by its uid; never the folder's name.
  const person = await io.readPerson(values.home !== undefined ? home : undefined);
  const windows = io.platform === 'win32';
  const knowsOwner = person.person.uid !== undefined || person.person.user !== undefined;
  const processOwners: ProcessOwners = allUsers
    ? { kind: 'all-users' }
    : { kind: 'person', windows, ...(person.person.uid !== undefined ? { uid: person.person.uid } : {}), ...(person.person.user !== undefined ? { user: person.person.user } : {}) };

  // Another user's home folder: this process's own per-user settings do not describe it.
  const env = values.home === undefined ? io.env : { ...io.env, CLAUDE_CONFIG_DIR: undefined, CODEX_HOME: undefined, APPDATA: undefined, npm_config_prefix: undefined, NPM_CONFIG_PREFIX: undefined };
  const machine = await scanMachine({
    home,
    platform: io.platform,
    env,
    tools: policy.tools,
    parseMcpConfig: parseMcpFile,
    ownPids: [io.pid],
    processOwners,
    ...(io.processReader ? { processReader: io.processReader } : {}),
  });
  const reader = await argvReaderFor(machine.snapshot.mcpServers.length + (machine.snapshot.acpAgents ?? []).filter((agent) => agent.command !== undefined).length, io);
  // What the machine shows, read once: MCP servers' and ACP agents' command lines within a budget per file.
  const observables = machineObservables(machine.snapshot, reader);
  // Workspace exceptions need an editor's workspace and do not apply to a machine scan.
  const subject = { user: person.person.user ?? '', groups: person.person.groups, workspaceFolders: [], caseInsensitivePaths: windows, windowsNames: windows };
  // Each layer's rules see only the matchers of that layer and the ones above it.
  const findings = evaluateByLayer(policy, (tools) => gatherEvidence(tools, observables), now, subject);

  // A server whose command line was not read to its end is named: the scan is incomplete.
  const problems: ScanProblem[] = [...machine.problems, ...incompleteReadings(observables)];
  if (!knowsOwner && !allUsers) problems.push({ where: 'processes', message: `the owner of ${home} could not be read, so no process could be counted as theirs (--all-users counts every user's)` });
  // What could not be learnt about the person matters only where an exception by user or group could apply.
  if (hangsOnThePerson(findings, now)) for (const message of person.problems) problems.push({ where: 'owner', message });

  const unnamed = findings.flatMap((finding) => finding.evidence).flatMap((evidence) => (evidence.kind === 'process' && evidence.owner?.uid !== undefined && evidence.owner.user === undefined ? [evidence.owner.uid] : []));
  const userNames = unnamed.length > 0 && !windows ? await io.userNames(unnamed) : new Map<number, string>();
  const memory = await rememberFindings(findings, now, home, { homeGiven: values.home !== undefined, record: values.home === undefined && values.now === undefined }, io);
  problems.push(...memory.problems);
  const report = buildScanReport({
    policy,
    findings,
    now,
    generatedAt: io.clock(),
    host: io.hostname(),
    home,
    owner: person.person,
    processOwners: allUsers ? 'all-users' : 'owner',
    version: io.version,
    scanned: {
      editorFolders: [...machine.looked.editorFolders],
      mcpFiles: [...machine.looked.mcpFiles],
      jetbrainsFolders: [...machine.looked.jetbrainsFolders],
      acpFiles: [...machine.looked.acpFiles],
      processes: machine.looked.processes,
    },
    scanProblems: problems,
    language,
    userNames,
    memory: memory.memory,
  });
  const t = cliTranslate(language);
  if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif') io.stdout.write(formatSarif(report, policy, language));
  else io.stdout.write(formatText(report, painter(colourWanted(io.stdout.isTTY === true, io.env)), t, outputWidth(io.stdout)));
  if (format !== 'text') for (const problem of policy.problems) io.stderr.write(`${problemLine(problem)}\n`);
  return report.exitCode;
}
