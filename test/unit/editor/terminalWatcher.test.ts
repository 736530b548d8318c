import { strict as assert } from 'node:assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import type * as vscode from 'vscode';
import type { ProcessInfo, ProcessReader } from '../../../src/core/detect/processTree';
import { WindowsProcessReader } from '../../../src/machine/processes/windowsCim';
import { TerminalWatcher } from '../../../src/vscode/terminalWatcher';
import { testReader } from '../shellReader';
import { as, closeTerminal, fakeEditor, FakeTerminal, openTerminal, type FakeEditor } from './fakeEditor';

/** A process reader answering from a table of pid → its processes, counting reads. */
class TableReader implements ProcessReader {
  reads = 0;
  readonly table = new Map<number, ProcessInfo[] | Error>();
  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    this.reads++;
    const found = this.table.get(roots[0] as number) ?? [];
    if (found instanceof Error) throw found;
    return found;
  }
}

const claudeProcess: ProcessInfo = { pid: 501, ppid: 100, name: 'claude', argv: ['claude', '--resume'] };

describe('the terminal watcher (editor layer, through fakes)', () => {
  let clock: FakeTimers.Clock;
  let editor: FakeEditor;
  let reader: TableReader;
  let lines: string[];
  let watcher: TerminalWatcher;
  let changes: number;
  const parsers = { reader: testReader };

  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    editor = fakeEditor();
    reader = new TableReader();
    lines = [];
    changes = 0;
    watcher = new TerminalWatcher(reader, parsers, (invocations) => invocations.some((i) => i.program === 'claude'), (line) => lines.push(line), editor);
    watcher.onDidChange(() => changes++);
  });
  afterEach(() => {
    watcher.dispose();
    clock.uninstall();
  });

  const run = (terminal: FakeTerminal, startLine: string, endLine = startLine) => {
    const execution = { commandLine: { value: startLine } };
    editor.emit.shellStart.fire(as<vscode.TerminalShellExecutionStartEvent>({ terminal, execution }));
    execution.commandLine.value = endLine;
    editor.emit.shellEnd.fire(as<vscode.TerminalShellExecutionEndEvent>({ terminal, execution }));
  };
  const typed = () => watcher.typedCommands().map((c) => `${c.terminalName}: ${c.commandLine}`);

  it('keeps only the lines that run a tool the policy names, in the order they ran, with their terminal', async () => {
    const build = openTerminal(editor, new FakeTerminal('Build'));
    run(build, 'echo claude > /dev/null');
    run(build, 'claude --version');
    run(build, '   ');
    run(build, 'npx -y @anthropic-ai/claude-code && claude -p hi');
    await watcher.whenRead();
    assert.deepEqual(typed(), ['Build: claude --version', 'Build: npx -y @anthropic-ai/claude-code && claude -p hi']);
    const [first] = watcher.typedCommands();
    assert.deepEqual(first?.invocations, [{ program: 'claude' }]);
    assert.equal(first?.at, new Date(0).toISOString());
    assert.ok(changes >= 2);
  });

  it('merges what the start and the end of a command report: one line once, a line known only at its end too', async () => {
    const build = openTerminal(editor, new FakeTerminal('Build'));
    run(build, 'claude --version');
    run(build, '', 'claude doctor');
    await watcher.whenRead();
    assert.deepEqual(typed(), ['Build: claude --version', 'Build: claude doctor']);
  });

  it('takes the line a command\'s end reports in place of a part its start reported: one command, one entry', async () => {
    const shell = openTerminal(editor, new FakeTerminal('Shell'));
    // Typed ahead while another command ran, the start may carry only a part of the line.
    for (let index = 0; index < 21; index++) run(shell, `claude '${index}`, `claude '${index}' 2>/dev/null`);
    await watcher.whenRead();
    const kept = typed();
    assert.equal(kept.length, 20);
    assert.deepEqual(kept, Array.from({ length: 20 }, (_, i) => `Shell: claude '${i + 1}' 2>/dev/null`));
  });

  it('keeps what a command\'s start showed when its end reports a line that runs nothing the policy names', async () => {
    const shell = openTerminal(editor, new FakeTerminal('Shell'));
    run(shell, 'claude -p hi', 'echo done');
    await watcher.whenRead();
    assert.deepEqual(typed(), ['Shell: claude -p hi']);
  });

  it('keeps the last 20 lines of each terminal, and forgets a terminal\'s lines and processes when it closes', async () => {
    const one = openTerminal(editor, new FakeTerminal('One', Promise.resolve(100)));
    const two = openTerminal(editor, new FakeTerminal('Two'));
    reader.table.set(100, [claudeProcess]);
    for (let i = 0; i < 25; i++) run(one, `claude ${i}`);
    run(two, 'claude two');
    await watcher.whenRead();
    await watcher.scan();
    assert.equal(watcher.typedCommands().filter((c) => c.terminalName === 'One').length, 20);
    assert.equal(watcher.typedCommands()[0]?.commandLine, 'claude 5');
    assert.deepEqual(watcher.terminalProcesses(), [{ terminalName: 'One', processes: [claudeProcess] }, { terminalName: 'Two', processes: [] }].filter((t) => t.terminalName === 'One'));
    closeTerminal(editor, one);
    assert.deepEqual(typed(), ['Two: claude two']);
    assert.deepEqual(watcher.terminalProcesses(), []);
  });

  it('drops a line whose terminal closed before the line was read', async () => {
    const gone = openTerminal(editor, new FakeTerminal('Gone'));
    run(gone, 'claude --version');
    closeTerminal(editor, gone);
    await watcher.whenRead();
    assert.deepEqual(typed(), []);
  });

  it('a line the parser cannot read is logged, and the next one is still read', async () => {
    let calls = 0;
    const failing = new TerminalWatcher(reader, {
      reader: async () => {
        calls++;
        if (calls === 1) throw new Error('parser failed to load');
        return testReader();
      },
    }, () => true, (line) => lines.push(line), editor);
    try {
      const shell = openTerminal(editor, new FakeTerminal('Shell'));
      run(shell, 'claude one');
      run(shell, 'claude two');
      await failing.whenRead();
      assert.deepEqual(failing.typedCommands().map((c) => c.commandLine), ['claude two']);
      assert.ok(lines.includes('Reading a terminal command line failed: Error: parser failed to load'), lines.join('\n'));
    } finally {
      failing.dispose();
    }
  });

  it('scans each terminal\'s processes and announces a change only when they changed', async () => {
    openTerminal(editor, new FakeTerminal('Proc', Promise.resolve(100)));
    await watcher.scan();
    const afterFirst = changes;
    await watcher.scan();
    assert.equal(changes, afterFirst, 'the same processes: no change');
    reader.table.set(100, [claudeProcess]);
    await watcher.scan();
    assert.equal(changes, afterFirst + 1);
    assert.deepEqual(watcher.terminalProcesses(), [{ terminalName: 'Proc', processes: [claudeProcess] }]);
  });

  it('a terminal whose process id never comes is skipped after 2 s, and the others are still scanned', async () => {
    openTerminal(editor, new FakeTerminal('Stuck', new Promise(() => undefined)));
    openTerminal(editor, new FakeTerminal('Fine', Promise.resolve(100)));
    reader.table.set(100, [claudeProcess]);
    const scan = watcher.scan();
    await clock.tickAsync(2000);
    await scan;
    assert.deepEqual(watcher.terminalProcesses(), [{ terminalName: 'Fine', processes: [claudeProcess] }]);
  });

  it('a process reader that fails is reported once per distinct reason, not on every scan (PowerShell without JSON)', async () => {
    const powershell = new WindowsProcessReader(async () => 'Get-CimInstance : Access denied\r\nAt line:1 char:1');
    const windows = new TerminalWatcher(powershell, parsers, () => false, (line) => lines.push(line), editor);
    try {
      openTerminal(editor, new FakeTerminal('Scan error shell', Promise.resolve(4242)));
      for (let scan = 0; scan < 4; scan++) await windows.scan();
      const reported = lines.filter((line) => /PowerShell did not return a JSON process list/.test(line));
      assert.equal(reported.length, 1, JSON.stringify(lines));
      assert.match(reported[0] as string, /^Listing the processes started in the terminals failed, so they are not checked: PowerShell did not return a JSON process list \(.+\); it printed: Get-CimInstance : Access denied At line:1 char:1$/);
      assert.deepEqual(windows.terminalProcesses(), [{ terminalName: 'Scan error shell', processes: [] }]);
    } finally {
      windows.dispose();
    }
  });

  it('runs no timer without a terminal; scans on the interval the setting gives while one is open', async () => {
    assert.equal(clock.countTimers(), 0, 'no timer at start without terminals');
    const terminal = openTerminal(editor, new FakeTerminal('Timed', Promise.resolve(100)));
    await clock.tickAsync(150);
    const afterOpen = reader.reads;
    assert.equal(afterOpen, 1, 'one scan for the burst of terminal events');
    await clock.tickAsync(10_000);
    assert.equal(reader.reads, afterOpen + 1, 'the default interval is 10 s');
    editor.configuration.set('toolPolicy.terminal.scanIntervalSeconds', 2);
    await clock.tickAsync(4_000);
    assert.equal(reader.reads, afterOpen + 3, 'the new interval applies at once');
    editor.configuration.set('toolPolicy.terminal.scanIntervalSeconds', Number.NaN);
    await clock.tickAsync(10_000);
    assert.equal(reader.reads, afterOpen + 4, 'an unusable value is read as 10 s');
    closeTerminal(editor, terminal);
    await clock.tickAsync(150);
    assert.equal(clock.countTimers(), 0, 'no timer once the last terminal closed');
  });

  it('looks at the terminals already open only when started, and never once disposed', async () => {
    editor.terminals.push(new FakeTerminal('Open before', Promise.resolve(100)));
    const late = new TerminalWatcher(reader, parsers, () => false, () => undefined, editor);
    await clock.tickAsync(1_000);
    assert.equal(reader.reads, 0, 'constructing reads nothing');
    late.start();
    await clock.tickAsync(150);
    assert.equal(reader.reads, 1, 'started: the open terminal is scanned');
    late.dispose();
    late.start();
    await clock.tickAsync(60_000);
    assert.equal(reader.reads, 1, 'a disposed watcher starts no scan and no timer');
  });

  it('concurrent scans share one, and a scan asked for meanwhile runs once after it', async () => {
    openTerminal(editor, new FakeTerminal('Busy', Promise.resolve(100)));
    const first = watcher.scan();
    const second = watcher.scan();
    const third = watcher.scan();
    assert.equal(first, second);
    assert.equal(second, third);
    await first;
    await clock.tickAsync(0);
    assert.equal(reader.reads, 2, 'the shared scan, then one more');
  });

  it('loads the shell parser in the background when a terminal is open, and logs when it cannot', async () => {
    let asked = 0;
    const broken = new TerminalWatcher(reader, { reader: () => { asked++; return Promise.reject(new Error('no wasm')); } }, () => true, (line) => lines.push(line), editor);
    try {
      await broken.scan();
      assert.equal(asked, 0, 'never without a terminal');
      openTerminal(editor, new FakeTerminal('First'));
      await broken.scan();
      await broken.scan();
      assert.equal(asked, 1, 'once');
      await clock.tickAsync(0);
      assert.ok(lines.includes('Loading the shell parser failed: Error: no wasm'), lines.join('\n'));
    } finally {
      broken.dispose();
    }
  });
});

describe('the syntax a terminal\'s shell reads', () => {
  it('is the shell the editor reports, else the one the terminal was started with; fish as fish (a backtick is text there); unknown shells as bash', async () => {
    const editor = fakeEditor();
    const dialects: unknown[] = [];
    const recording = { readCommandLine: async (_line: string, dialect: unknown) => { dialects.push(dialect); return []; } };
    const watcher = new TerminalWatcher(new TableReader(), { reader: async () => as(recording) }, () => false, () => undefined, editor);
    try {
      const shells: Array<[string | undefined, string | undefined]> = [
        ['pwsh', undefined], [undefined, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'], [undefined, 'C:\\Windows\\System32\\cmd.exe'],
        ['zsh', undefined], [undefined, '/usr/bin/fish'], ['nu', undefined], [undefined, undefined],
      ];
      for (const [shell, shellPath] of shells) {
        const terminal = new FakeTerminal(`${shell ?? shellPath}`, undefined, shellPath === undefined ? {} : { shellPath });
        if (shell !== undefined) terminal.state.shell = shell;
        openTerminal(editor, terminal);
        const execution = { commandLine: { value: 'claude' } };
        editor.emit.shellStart.fire(as<vscode.TerminalShellExecutionStartEvent>({ terminal, execution }));
      }
      await watcher.whenRead();
      assert.deepEqual(dialects, ['powershell', 'powershell', 'cmd', 'posix', 'fish', undefined, undefined]);
    } finally {
      watcher.dispose();
    }
  });
});
