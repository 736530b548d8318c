import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Observation } from '../core/detect/evidence';
import { findInstalledCommands } from '../machine/commandsOnPath';
import type { ToolDefinition } from '../core/tools';

/**
 * Looks for the catalog's command-line tools on PATH and in the usual install folders
 * (once after start-up and on "Rescan Now"), without running any of them.
 */
export class InstalledCommandsScanner implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private found: Observation[] = [];

  observations(tools: readonly ToolDefinition[]): Observation[] {
    const ids = new Set(tools.map((tool) => tool.id));
    return this.found.filter((observation) => ids.has(observation.toolId));
  }

  async scan(tools: readonly ToolDefinition[]): Promise<void> {
    const home = os.homedir();
    const extraDirs = process.platform === 'win32'
      ? [path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'npm')]
      : [path.join(home, '.local', 'bin'), path.join(home, '.npm-global', 'bin'), ...(process.env.npm_config_prefix ? [path.join(process.env.npm_config_prefix, 'bin')] : [])];
    this.found = await findInstalledCommands(tools, {
      platform: process.platform,
      pathVariable: process.env.PATH ?? process.env.Path ?? '',
      ...(process.env.PATHEXT ? { pathExt: process.env.PATHEXT } : {}),
      extraDirs,
    });
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
