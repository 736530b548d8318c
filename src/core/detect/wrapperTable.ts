/**
 * Every wrapper and runner the command-line reader knows, with its options: which take
 * a value (and how many words), which forms run nothing, where the command starts. Data
 * only, in one place, taken from each tool's own manual or `--help`; wrappers.ts and
 * runners.ts read it. A wrapper whose reading needs more than the fields below has a
 * named reader in wrappers.ts that still takes its option lists from here.
 */
import { NEVER, type OptionSpec } from './argvOptions';

/** How one wrapper reads its arguments before the command it runs. */
export interface WrapperEntry extends OptionSpec {
  /** Options that may come before the subcommand (`poetry -C dir run …`). */
  readonly globals?: OptionSpec;
  /** The subcommand that runs a command (`op run`, `aws-vault exec`); with any other the wrapper runs nothing (`op read`). */
  readonly subcommands?: readonly string[];
  /** Options after which the wrapper runs nothing: it prints, lists, edits or waits on something else (`sudo -l`, `pkexec --version`). */
  readonly inert?: readonly string[] | RegExp;
  /** Words between the options and the command: timeout's duration, aws-vault's profile. */
  readonly operands?: number;
  /** Options may come after those operands too (kingpin, cobra: `aws-vault exec work --duration=1h -- claude`). */
  readonly interspersed?: boolean;
  /** Options whose value is a shell string the wrapper runs (`doppler run --command 'claude -p hi'`, `script -c`). */
  readonly scriptOptions?: readonly string[];
  /** Words that, where the command would start (no `--` before it), name the wrapper's own subcommand, which runs nothing (`doppler run clean`). */
  readonly reserved?: readonly string[];
  /**
   * What the words from the command on are: one argument vector (the default), one shell
   * string joined from them (`eval`), or nothing that runs (`script`'s operand is its log file).
   */
  readonly command?: 'argv' | 'joined' | 'none';
}

const HELP = ['-h', '--help', '--version'];

/**
 * Wrappers read from this table alone. Sources: sudo(8), doas(1), the GNU coreutils and
 * util-linux manuals, strace(1), ltrace(1), proxychains and torsocks(1), firejail(1),
 * bwrap --help (bubblewrap 0.11), sandbox-exec(1), systemd-run --help, pkexec(1),
 * rlwrap --help, the 1Password CLI, aws-vault, Doppler CLI, conda and Poetry references.
 */
export const WRAPPERS: Readonly<Record<string, WrapperEntry>> = {
  sudo: {
    values: ['-u', '-g', '-U', '-C', '-D', '-r', '-t', '-p', '-h', '-T', '-R', '--user', '--group', '--other-user', '--close-from', '--chdir', '--role', '--type', '--prompt', '--host', '--command-timeout', '--chroot'],
    assignments: true,
    // -e edits a file (sudoedit), -l lists rights, -K removes the credentials, -v refreshes them, -V prints the version.
    inert: ['-e', '-l', '-K', '-v', '-V', '--edit', '--list', '--remove-timestamp', '--validate', '--version', '--help'],
  },
  doas: { values: ['-u', '-C'] },
  nohup: {},
  command: { inert: ['-v', '-V', '-q', '-s', '-a', '--query', '--search', '--all'] }, // look a program up (fish's too)
  builtin: {},
  exec: { values: ['-a'] },
  nice: { values: ['-n', '--adjustment'] },
  stdbuf: { values: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  xargs: { values: ['-I', '-i', '-n', '-P', '-L', '-l', '-d', '-s', '-E', '-e', '-a', '--max-args', '--max-procs', '--max-lines', '--delimiter', '--arg-file', '--replace', '--max-chars', '--eof', '--process-slot-var'] },
  time: { values: ['-f', '-o', '--format', '--output'] },
  timeout: { values: ['-s', '-k', '--signal', '--kill-after'], operands: 1 }, // then the duration
  unbuffer: {},
  ionice: { values: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata', '--pid', '--pgid', '--uid'] },
  winpty: {},
  setsid: {},
  chronic: {},
  caffeinate: { values: ['-t', '-w'] },
  noglob: {},
  nocorrect: {},
  call: {},
  repeat: { operands: 1 }, // zsh: `repeat 3 claude`
  eval: { command: 'joined' },
  'ssh-agent': { values: ['-a', '-E', '-t', '-P'], inert: /^-[kDsdcl]$/ },
  script: { values: ['-c', '--command', '-E', '--echo', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-T', '--log-timing', '-m', '--logging-format', '-o', '--output-limit'], scriptOptions: ['-c', '--command'], command: 'none' },
  taskset: { inert: ['-p', '--pid'], operands: 1 }, // `taskset [-a] [-c] mask command`; -p changes a running process
  direnv: { subcommands: ['exec'], operands: 1 }, // `direnv exec DIR command`
  asdf: { subcommands: ['exec'] },
  volta: { subcommands: ['run'], values: ['--node', '--npm', '--pnpm', '--yarn', '--env'] },
  fnm: {
    globals: { values: ['--node-dist-mirror', '--fnm-dir', '--log-level', '--arch', '--version-file-strategy'] },
    subcommands: ['exec'],
    values: ['--using', '--node-dist-mirror', '--fnm-dir', '--log-level', '--arch', '--version-file-strategy'],
  },
  // Tracers, sandboxes and proxies that start the command after their own options.
  strace: {
    values: ['-a', '-b', '-e', '-E', '-I', '-o', '-O', '-p', '-P', '-s', '-S', '-u', '-U', '-X', '--attach', '--output', '--env', '--user',
      '--columns', '--string-limit', '--summary-sort-by', '--summary-columns', '--trace-path', '--const-print-style', '--argv0', '--trace', '--signal',
      '--status', '--syscall-limit', '--abbrev', '--verbose', '--raw', '--read', '--write', '--inject', '--fault'],
  },
  ltrace: { values: ['-a', '-A', '-D', '-e', '-F', '-l', '-n', '-o', '-p', '-s', '-u', '-w', '-x', '--align', '--config', '--indent', '--library', '--output', '--where'] },
  valgrind: {}, // its options are all `--name=value`
  proxychains: { values: ['-f'] },
  proxychains4: { values: ['-f'] },
  torsocks: { values: ['-u', '-p', '-a', '-P', '--user', '--pass', '--address', '--port'] },
  'dbus-run-session': { values: ['--config-file', '--dbus-daemon'] },
  // Options are `--name` or `--name=value`; some only print or change other sandboxes.
  firejail: { inert: /^--(list|tree|top|netstats|version|help|ls|get|put|cat|shutdown|bandwidth|debug-[\w-]+|[\w-]+\.print)$/ },
  bwrap: {
    values: ['--args', '--argv0', '--userns', '--userns2', '--pidns', '--uid', '--gid', '--hostname', '--chdir', '--unsetenv', '--lock-file', '--sync-fd',
      '--remount-ro', '--overlay-src', '--tmp-overlay', '--ro-overlay', '--exec-label', '--file-label', '--proc', '--dev', '--tmpfs', '--mqueue', '--dir',
      '--seccomp', '--add-seccomp-fd', '--block-fd', '--userns-block-fd', '--info-fd', '--json-status-fd', '--cap-add', '--cap-drop', '--perms', '--size'],
    arity: {
      '--setenv': 2, '--bind': 2, '--bind-try': 2, '--dev-bind': 2, '--dev-bind-try': 2, '--ro-bind': 2, '--ro-bind-try': 2, '--bind-fd': 2, '--ro-bind-fd': 2,
      '--file': 2, '--bind-data': 2, '--ro-bind-data': 2, '--symlink': 2, '--chmod': 2, '--overlay': 3,
    },
    inert: ['--help', '--version'],
  },
  'sandbox-exec': { values: ['-f', '-n', '-p', '-D'] }, // macOS: `sandbox-exec [-f file | -n name | -p text] [-D k=v] command`
  'systemd-run': {
    values: ['-H', '--host', '-M', '--machine', '-C', '--capsule', '-u', '--unit', '-p', '--property', '--description', '--slice', '--service-type', '--uid', '--gid',
      '--nice', '--working-directory', '-E', '--setenv', '--path-property', '--socket-property', '--timer-property', '--on-active', '--on-boot', '--on-startup',
      '--on-unit-active', '--on-unit-inactive', '--on-calendar', '--background', '--json', '--expand-environment'],
    inert: HELP,
  },
  pkexec: { values: ['--user'], inert: HELP },
  rlwrap: {
    values: ['-b', '-C', '-D', '-e', '-f', '-g', '-H', '-l', '-M', '-O', '-P', '-q', '-s', '-S', '-t', '-w', '-z',
      '--break-chars', '--command-name', '--history-no-dupes', '--extra-char-after-completion', '--file', '--forget-matching', '--history-filename',
      '--logfile', '--multi-line-ext', '--only-cook', '--pre-given', '--quote-characters', '--histsize', '--substitute-prompt', '--set-term-name',
      '--wait-before-prompt', '--filter'],
    optional: { '-a': NEVER, '-m': NEVER, '-p': NEVER, '--always-readline': NEVER, '--multi-line': NEVER, '--prompt-colour': NEVER },
    inert: ['-h', '-v', '--help', '--version'],
  },
  // Secrets and environments: the command runs with them set.
  op: { // 1Password CLI: `op run [--env-file f] [--no-masking] -- command`; `op read`, `op inject`, … run nothing
    globals: { values: ['--account', '--config', '--encoding', '--format', '--session'] },
    subcommands: ['run'],
    values: ['--env-file', '--environment', '--account', '--config', '--encoding', '--format', '--session'],
    inert: ['-h', '--help'],
  },
  'aws-vault': { // `aws-vault exec [flags] <profile> [--] [command …]`; `--json` prints credentials instead
    globals: { values: ['--backend', '--prompt', '--keychain', '--secret-service-collection', '--pass-dir', '--pass-cmd', '--pass-prefix', '--file-dir'] },
    subcommands: ['exec'],
    values: ['-d', '--duration', '-t', '--mfa-token', '--region', '--backend', '--prompt', '--keychain', '--secret-service-collection', '--pass-dir', '--pass-cmd', '--pass-prefix', '--file-dir'],
    operands: 1,
    interspersed: true,
    inert: ['-j', '--json', '--help'],
  },
  doppler: { // `doppler run [flags] -- command`, or `--command 'shell string'`; `doppler secrets`, `doppler run clean` run nothing
    globals: { values: ['-t', '--token', '--api-host', '--dashboard-host', '--configuration', '--scope', '--attempts', '--timeout', '--dns-resolver-address', '--dns-resolver-proto', '--dns-resolver-timeout'] },
    subcommands: ['run'],
    values: ['-p', '--project', '-c', '--config', '--command', '--fallback', '--mount', '--mount-format', '--mount-template', '--mount-max-reads', '--name-transformer', '--passphrase',
      '-t', '--token', '--api-host', '--dashboard-host', '--configuration', '--scope', '--attempts', '--timeout', '--dns-resolver-address', '--dns-resolver-proto', '--dns-resolver-timeout'],
    scriptOptions: ['--command'],
    reserved: ['clean'],
    inert: ['-h', '--help'],
  },
  conda: { // `conda run [-n env | -p prefix] [--cwd dir] [-v] [-s] [--] command`
    subcommands: ['run'],
    values: ['-n', '--name', '-p', '--prefix', '--cwd'],
    inert: ['-h', '--help'],
  },
  poetry: { // `poetry [-C dir] run command`; `poetry add`, `install`, `shell` run nothing of interest
    globals: { values: ['-C', '--directory', '-P', '--project'] },
    subcommands: ['run'],
    values: ['-C', '--directory', '-P', '--project'],
    inert: ['-h', '--help', '-V', '--version'],
  },
  // fish: `and claude`, `or claude`, `not claude`
  and: {},
  or: {},
  not: {},
  // PowerShell's `& cmd` arrives here when the shell was read as bash.
  '&': {},
};

/** Option lists of the wrappers with their own readers (wrappers.ts). */
export const WRAPPER_OPTIONS = {
  env: { values: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string', '-P'], assignments: true },
  watch: { values: ['-n', '--interval', '-q', '--equexit'] },
  chrt: { values: ['-T', '-P', '-D', '--sched-runtime', '--sched-period', '--sched-deadline'] },
  flock: { values: ['-w', '--wait', '--timeout', '-E', '--conflict-exit-code'] },
  su: { values: ['-c', '--command', '--session-command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment', '-u', '--user'] },
  gdb: {
    values: ['-ex', '-iex', '-x', '-ix', '-cd', '-d', '-s', '-e', '-se', '-c', '-p', '-b', '-l', '-D', '-tty', '-t', '-interpreter', '-i',
      '-init-command', '-init-eval-command', '-command', '-eval-command', '-directory', '-symbols', '-exec', '-core', '-pid', '-data-directory', '-baud'],
    singleDash: true,
  },
  mise: { values: ['-C', '--cd', '-E', '--env', '-j', '--jobs', '--log-level'] },
  wsl: { values: ['-d', '--distribution', '-u', '--user', '--cd', '--shell-type'] },
  /**
   * dotenv-cli reads its arguments with minimist: an option takes the next word unless it
   * starts with `-`; these are flags. (python-dotenv's `-f file`, `-q mode`, `-e bool`
   * read the same way.)
   */
  dotenv: { flags: ['-o', '--override', '--quiet', '--no-expand', '--help', '--debug'], inert: ['-p', '--help', '--debug'] },
  entr: { flags: '-a -c -d -n -p -r -s -z -x' },
  watchexec: {
    values: ['-w', '--watch', '-W', '--watch-non-recursive', '-F', '--watch-file', '-o', '--on-busy-update', '-s', '--signal', '--stop-signal', '--stop-timeout',
      '--timeout', '--map-signal', '-d', '--debounce', '--delay-run', '--shell', '--emit-events-to', '-E', '--env', '--wrap-process', '--color', '--colour',
      '--project-origin', '--workdir', '-e', '--exts', '-f', '--filter', '--filter-file', '-j', '--filter-prog', '-i', '--ignore', '--ignore-file',
      '--fs-events', '--socket', '--completions', '-Q', '--quote'],
    optional: { '-c': /^(clear|reset)$/, '--clear': /^(clear|reset)$/, '--poll': /^\d/, '--log-file': NEVER },
    inert: ['-h', '--help', '-V', '--version', '--manual', '--completions', '--only-emit-events'],
  },
  /** fd (Debian: fdfind): options before `-x`/`-X`; short ones that take a value end a group of flags. */
  fd: {
    values: ['-d', '--max-depth', '--min-depth', '--exact-depth', '-E', '--exclude', '-t', '--type', '-e', '--extension', '-S', '--size', '--changed-within',
      '--changed-before', '-o', '--owner', '--batch-size', '--ignore-file', '-c', '--color', '-j', '--threads', '--max-results', '--base-directory',
      '--path-separator', '--search-path', '--and', '--format', '--max-buffer-time', '--hyperlink'],
    exec: ['-x', '--exec', '-X', '--exec-batch'],
  },
  parallel: {
    values: ['-a', '--arg-file', '--arg-file-sep', '--arg-sep', '--basefile', '--bf', '--basenamereplace', '--bnr', '--basenameextensionreplace', '--bner',
      '--bin', '--block', '--block-size', '--block-timeout', '--bt', '--colsep', '-C', '--compress-program', '--decompress-program', '--ctagstring', '--delay',
      '--delimiter', '-d', '--dirnamereplace', '--dnr', '-E', '--env', '--filter', '--group-by', '--halt-on-error', '--halt', '--header', '-I', '--joblog',
      '--jl', '--jobs', '-j', '--max-procs', '-P', '-L', '--limit', '--load', '--memfree', '--memsuspend', '--minversion', '--max-args', '-n',
      '--max-replace-args', '-N', '--nice', '--parens', '--profile', '-J', '--process-slot-var', '--recstart', '--recend', '--results', '--res', '--retries',
      '--return', '--rpl', '--rsync-opts', '--max-chars', '-s', '--semaphore-name', '--id', '--semaphore-timeout', '--st', '--seqreplace', '--shard',
      '--shell-completion', '--sql', '--sql-master', '--sql-and-worker', '--sql-worker', '--ssh', '--ssh-delay', '--sshlogin', '-S', '--sshloginfile',
      '--slf', '--slotreplace', '--template', '--tmpl', '--tagstring', '--term-seq', '--total-jobs', '--total', '--tmpdir', '--timeout', '--transferfile',
      '--tf', '--trc', '--trim', '--extensionreplace', '--er', '--workdir', '--wd'],
    optional: { '-e': NEVER, '--eof': NEVER, '-i': NEVER, '--replace': NEVER, '-l': NEVER, '--max-lines': NEVER },
    // Print and exit, or only show what would run.
    inert: ['--dry-run', '-h', '--help', '-V', '--version', '--number-of-cpus', '--number-of-cores', '--number-of-sockets', '--number-of-threads',
      '--record-env', '--embed', '--citation', '--shell-completion', '--show-limits'],
    /** Where the command's words end and the arguments begin. */
    argumentSeparators: /^::::?\+?$/,
  },
  concurrently: {
    values: ['-m', '--max-processes', '-n', '--names', '--name-separator', '-s', '--success', '--hide', '-p', '--prefix', '-c', '--prefix-colors',
      '-l', '--prefix-length', '-t', '--timestamp-format', '--default-input-target', '--kill-signal', '--ks', '--restart-tries', '--restart-after', '--teardown'],
    /** Options whose values are commands run after the others. */
    scripts: ['--teardown'],
    inert: ['-h', '--help', '-v', '-V', '--version'],
  },
} as const;

/** npm packages whose command is a wrapper of its own name or another (`npx dotenv-cli -e .env -- claude` runs `dotenv`). */
export const PACKAGE_WRAPPERS: Readonly<Record<string, string>> = {
  concurrently: 'concurrently',
  'dotenv-cli': 'dotenv',
};

/** Runners' and package managers' options that take a value (runners.ts). */
export const RUNNER_OPTIONS = {
  /** npx, npm exec, pnpm/yarn dlx, bunx: options besides `-p`/`--package`/`-c` that take a value. */
  runner: { values: ['--cache', '--userconfig', '--registry', '--prefix', '--loglevel', '--workspace', '--node-options', '--shell', '--script-shell', '-w'] },
  /** npm, pnpm, yarn and bun before their subcommand (`npm --prefix x exec …`). */
  manager: { values: ['--prefix', '--registry', '--userconfig', '--cache', '--loglevel', '-w', '--workspace', '-C', '--dir', '--filter', '-F', '--reporter', '--cwd', '--config', '--cache-folder', '--modules-folder'] },
  pipxRun: { values: ['--spec', '--python', '--index-url', '--pip-args'] },
  uvx: { values: ['--from', '--with', '--python', '-p', '--index', '--index-url', '--with-requirements', '--directory'] },
  uvToolRun: { values: ['--from', '--with', '--python', '-p', '--index', '--index-url', '--directory'] },
  uvRun: { values: ['--with', '--python', '-p', '--directory', '--project', '--package', '--extra', '--group', '--env-file', '--index'] },
  /** Shells' options that take the next word (`bash -o posix`, `--rcfile f`). */
  shell: ['-o', '+o', '--init-file', '--rcfile'],
} as const;
