/**
 * Folders, relative to a home folder, where command-line tools are installed outside
 * PATH's usual entries (a person may run them by full path, and PATH may differ in the
 * shell that MDM starts). Shared by the machine scan and the osquery export.
 */
export const POSIX_INSTALL_FOLDERS: readonly string[] = [
  '.local/bin', // pipx, uv tool, the Claude Code native installer
  '.npm-global/bin', // npm's documented user prefix
  '.npm/bin',
  '.bun/bin',
  '.cargo/bin',
  '.deno/bin',
  '.volta/bin',
  '.yarn/bin',
  '.local/share/pnpm',
  'Library/pnpm',
  '.claude/local', // Claude Code's older per-user install
  '.qoder/entry', // what qodercli's installer puts first on PATH
];

export const WINDOWS_INSTALL_FOLDERS: readonly string[] = [
  'AppData/Roaming/npm',
  '.local/bin',
  '.bun/bin',
  '.cargo/bin',
  '.deno/bin',
  'AppData/Local/pnpm',
  'AppData/Local/Volta/bin',
  'scoop/shims',
];

/** System-wide folders on Unix-like systems, for the osquery export (a scan reads PATH). */
export const POSIX_SYSTEM_FOLDERS: readonly string[] = ['/usr/local/bin', '/usr/bin', '/bin', '/opt/homebrew/bin', '/snap/bin'];

/** Suffixes Windows runs a command by (npm writes `claude`, `claude.cmd` and `claude.ps1`). */
export const WINDOWS_COMMAND_SUFFIXES: readonly string[] = ['.exe', '.cmd', '.bat', '.ps1', '.com'];
