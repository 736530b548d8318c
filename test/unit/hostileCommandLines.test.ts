import { strict as assert } from 'node:assert';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import { readConfigCommands, readConfigCommandsSliced } from '../../src/core/detect/configCommands';
import { ReadBudget } from '../../src/core/detect/readBudget';
import { gatherEvidence, incompleteReadings, NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { machineObservables } from '../../src/core/detect/machineEvidence';
import { serversSeen, testReader, testReaderWith } from './shellReader';

/**
 * Command lines an attacker (or an accident) puts in a config file or a terminal: each
 * is read to a bounded cost and never crashes the reader; what is not read to its end
 * is named, never dropped. These assert behaviour; `npm run bench` has the times.
 */
describe('hostile command lines', () => {
  let reader: CommandLineReader;
  before(async () => { reader = await testReader(); });

  /** A `~/.claude.json` as a hostile home holds it: the servers given, under one project. */
  const claudeJson = (servers: Record<string, { command: string; args: string[] }>) => JSON.stringify({ numStartups: 3, projects: { '/home/me/app': { mcpServers: servers } } });
  const nested = (depth: number, space = '') => `${`$(${space}`.repeat(depth)}claude${`${space})`.repeat(depth)}`;
  const readOne = (argv: readonly string[]) => readConfigCommands(reader, [{ command: argv[0] as string, args: argv.slice(1) }])[0];

  it('names a server whose command nests $(…) 40,000 deep as not fully read, and still reads the ordinary one beside it', () => {
    // Before: the walk below 200 levels asked the cursor for its depth at every node,
    // which walks the cursor's whole stack: 41 s for this file.
    const text = claudeJson({ hostile: { command: 'bash', args: ['-c', nested(40_000, ' ')] }, cc: { command: 'claude', args: ['mcp', 'serve'] } });
    assert.ok(text.length > 200_000);
    const seen = serversSeen(reader, text, '/home/me/.claude.json');
    assert.deepEqual(seen.map((server) => [server.server, server.incomplete !== undefined]), [['hostile', true], ['cc', false]]);
    const found = gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, mcpServers: seen });
    assert.deepEqual(found.map((f) => f.evidence.kind === 'mcpServer' && `${f.evidence.server}:${f.toolId}`), ['cc:claude-code']);
    const problems = incompleteReadings({ ...NOTHING_OBSERVED, mcpServers: seen });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.where, '/home/me/.claude.json');
    // The file's budget cuts it off (or, on a machine busy enough, the parse-time limit first).
    assert.match(problems[0]?.message ?? '', /^MCP server "hostile": its command line was not fully read: (its file's commands need more reading|parsing its file's commands took longer) than the limit/);
  });

  it('reads a $(…) nested 2,000 deep to the end, and finds what runs at the bottom', () => {
    const reading = readOne(['bash', '-c', nested(2_000)]);
    assert.equal(reading?.incomplete, undefined);
    assert.ok(reading?.invocations.some((found) => found.program === 'claude'));
  });

  it('stops at the budget on 1.2 MB of nesting, arguments or statements, without throwing', () => {
    for (const argv of [
      ['bash', '-c', nested(200_000)],
      ['claude', ...Array.from({ length: 600_000 }, () => 'x')],
      ['sh', '-c', 'ls; '.repeat(300_000)],
    ]) {
      // The file's units alone, without its parse time: on a busy machine the 2 s parse
      // limit could stop the read first, and this asserts the units budget.
      const [reading] = readConfigCommands(reader, [{ command: argv[0] as string, args: argv.slice(1) }], unitsOnly());
      assert.match(reading?.incomplete ?? '', /need more reading than the limit/, argv.slice(0, 2).join(' '));
    }
  });

  it('follows wrappers and shells only so deep, and says so instead of crashing', () => {
    // Before: `find -exec find -exec …` ran out of memory, `nvm exec nvm exec …` overflowed the stack.
    const findChain = ['find', ...Array.from({ length: 20_000 }, () => ['.', '-exec', 'find']).flat(), 'claude'];
    const nvmChain = [...Array.from({ length: 20_000 }, () => ['nvm', 'exec']).flat(), 'claude'];
    const sudoChain = [...Array.from({ length: 100 }, () => 'sudo'), 'claude'];
    const shellChain = ['bash', '-c', "bash -c 'bash -c \"bash -c \\\"bash -c \\\\\\\"claude\\\\\\\"\\\"\"'"];
    assert.match(readOne(findChain)?.incomplete ?? '', /nested more than 8 levels deep|need more reading/);
    assert.match(readOne(nvmChain)?.incomplete ?? '', /nested more than 8 levels deep/);
    assert.match(readOne(sudoChain)?.incomplete ?? '', /more than 64 wrappers in a row/);
    const shells = readOne(shellChain);
    assert.equal(shells?.incomplete, undefined, 'five shells deep is read');
    assert.ok(shells?.invocations.some((found) => found.program === 'claude'));
  });

  it('gives up a parse that the grammar\'s error recovery makes crawl, and says so', () => {
    // A run of `)` cost the parser about half a millisecond a character; 40,000 of them took
    // minutes. Read in pieces it now finishes within the file's parse time on a quiet machine,
    // and a busy one may reach the limit first: either way claude is found or the line is named.
    const line = `${')'.repeat(40_000)}; claude`;
    const reading = readOne(['bash', '-c', line]);
    assert.ok(reading?.invocations.some((found) => found.program === 'claude') || /parsing its file's commands took longer than the limit/.test(reading?.incomplete ?? ''), JSON.stringify(reading).slice(0, 300));
    // With no parse time to spend, the limit is what stops it, whatever the machine's speed.
    const [stopped] = readConfigCommands(reader, [{ command: 'bash', args: ['-c', line] }], new ReadBudget(Number.POSITIVE_INFINITY, 0));
    assert.match(stopped?.incomplete ?? '', /parsing its file's commands took longer than the limit \(0 ms\)/);
  });

  it('names PowerShell groups nested past the splitter\'s limit instead of dropping them', () => {
    const reading = readOne(['pwsh', '-Command', `${'$('.repeat(40)}claude${')'.repeat(40)}`]);
    assert.match(reading?.incomplete ?? '', /PowerShell groups nested more than 32 deep/);
    const shallow = readOne(['pwsh', '-Command', `${'$('.repeat(8)}claude${')'.repeat(8)}`]);
    assert.equal(shallow?.incomplete, undefined);
    assert.ok(shallow?.invocations.some((found) => found.program === 'claude'));
  });

  /** The file's budget in units, without the parse-time limit, so the outcome cannot depend on the machine's speed. */
  const unitsOnly = () => new ReadBudget(500_000);

  it('shares one budget per file, spends it on the shortest commands first, and starts afresh for the next file', () => {
    const big = { command: 'sh', args: ['-c', 'ls; '.repeat(10_000)] };
    const small = { command: 'claude', args: ['mcp', 'serve'] };
    const readings = readConfigCommands(reader, [big, big, small, big], unitsOnly());
    assert.deepEqual(readings.map((r) => r?.incomplete !== undefined), [false, false, false, true], 'the third big one finds the budget spent');
    assert.ok(readings[2]?.invocations.some((found) => found.program === 'claude'));
    assert.equal(readConfigCommands(reader, [big], unitsOnly())[0]?.incomplete, undefined, 'another file has its own budget');
  });

  it('reads in slices exactly what it reads at once', async () => {
    const commands = [{ command: 'bash', args: ['-c', nested(40_000)] }, { command: 'npx', args: ['-y', '@anthropic-ai/claude-code', 'mcp', 'serve'] }];
    let pauses = 0;
    const sliced = await readConfigCommandsSliced(reader, commands, async () => { pauses++; }, unitsOnly());
    assert.deepEqual(sliced, readConfigCommands(reader, commands, unitsOnly()));
    assert.ok(pauses > 0, 'the sliced reader paused');
  });

  it('finishes a typed line the parser crawls on, within the line\'s parse time, at once and in slices', async () => {
    const quick = await testReaderWith({ lineParseMs: 200 });
    const line = `${')'.repeat(40_000)}; claude`;
    assert.deepEqual(quick.programsInCommandLine(line), []);
    assert.deepEqual(await quick.readCommandLine(line, 'posix', async () => undefined), []);
    // An ordinary line is untouched by the limit.
    assert.ok(quick.programsInCommandLine('ls; claude -p hi').some((found) => found.program === 'claude'));
  });

  it('reads an ACP agent\'s command as an MCP server\'s, within its file\'s budget, and names one it could not read to its end', () => {
    const file = '/home/me/.jetbrains/acp.json';
    const observables = machineObservables({
      editorFolders: [], processes: [], installed: [], mcpServers: [],
      acpAgents: [
        { file, name: 'deep', command: 'bash', args: ['-c', nested(40_000, ' ')] },
        { file, name: 'my agent', command: 'npx', args: ['@agentclientprotocol/claude-agent-acp'] },
        { file, name: 'no command', args: [] },
      ],
    }, reader);
    assert.deepEqual(observables.acpAgents?.map((agent) => [agent.agent, agent.incomplete !== undefined]), [['deep', true], ['my agent', false], ['no command', false]]);
    const found = gatherEvidence(BUILT_IN_TOOLS, observables);
    assert.deepEqual(found.map((f) => f.evidence.kind === 'acpAgent' && `${f.evidence.agent}:${f.toolId}`), ['my agent:claude-code']);
    const problems = incompleteReadings(observables);
    assert.deepEqual(problems.map((problem) => problem.where), [file]);
    assert.match(problems[0]?.message ?? '', /^ACP agent "deep": its command line was not fully read: (its file's commands need more reading|parsing its file's commands took longer) than the limit/);
  });
});
