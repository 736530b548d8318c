import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InstalledCommand } from '../core/detect/gatherEvidence';
import { findInstalledCommands } from '../machine/commandsOnPath';
import type { ToolDefinition } from '../core/tools';

/**
 * Looks for the known tools' command-line programs on PATH and in the usual install folders
 * (at start-up, on "Rescan Now" and when a policy names new `commands:`), without running
 * any of them.
 */
export class InstalledCommandsScanner implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private programs: InstalledCommand[] = [];

  /** The programs found by the last scan, each once. */
  found(): readonly InstalledCommand[] {
    return this.programs;
  }

  private generation = 0;

  /** Scans for `tools`' commands; when scans overlap, only the latest one's result is kept. */
  async scan(tools: readonly ToolDefinition[]): Promise<void> {
    const generation = ++this.generation;
    const home = os.homedir();
    const extraDirs = process.platform === 'win32'
      ? [path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'npm')]
      : [path.join(home, '.local', 'bin'), path.join(home, '.npm-global', 'bin'), ...(process.env.npm_config_prefix ? [path.join(process.env.npm_config_prefix, 'bin')] : [])];
    const observations = await findInstalledCommands(tools, {
      platform: process.platform,
      pathVariable: process.env.PATH ?? process.env.Path ?? '',
      ...(process.env.PATHEXT ? { pathExt: process.env.PATHEXT } : {}),
      extraDirs,
    });
    if (generation !== this.generation) return;
    const byPath = new Map<string, InstalledCommand>();
    for (const { evidence } of observations) if (evidence.kind === 'installed') byPath.set(evidence.path, { command: evidence.command, path: evidence.path });
    this.programs = [...byPath.values()];
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
