import type * as vscode from 'vscode';
import type { Observation } from '../core/detect/evidence';
import type { InstalledCommand, UnreadItem } from '../core/detect/gatherEvidence';
import type { ToolDefinition } from '../core/tools';
import { Emitter } from './emitter';

/**
 * Finds the tools' programs installed for this user (src/machine/commandsOnPath.ts: PATH
 * and the same install folders `tool-policy scan` looks in), with the folders that could
 * not be listed.
 */
export type FindInstalledCommands = (tools: readonly ToolDefinition[]) => Promise<{ readonly observations: readonly Observation[]; readonly problems: readonly UnreadItem[] }>;

/**
 * Looks for the known tools' command-line programs on PATH and in the usual install folders
 * (at start-up, on "Rescan Now" and when a policy names new `commands:`), without running
 * any of them.
 */
export class InstalledCommandsScanner implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private programs: InstalledCommand[] = [];
  private unread: readonly UnreadItem[] = [];
  private generation = 0;

  constructor(private readonly find: FindInstalledCommands) {}

  /** The programs found by the last scan, each once. */
  found(): readonly InstalledCommand[] {
    return this.programs;
  }

  /** Folders the last scan could not list. */
  problems(): readonly UnreadItem[] {
    return this.unread;
  }

  /** Scans for `tools`' commands; when scans overlap, only the latest one's result is kept. */
  async scan(tools: readonly ToolDefinition[]): Promise<void> {
    const generation = ++this.generation;
    const { observations, problems } = await this.find(tools);
    if (generation !== this.generation) return;
    this.unread = problems;
    const byPath = new Map<string, InstalledCommand>();
    for (const { evidence } of observations) if (evidence.kind === 'installed') byPath.set(evidence.path, { command: evidence.command, path: evidence.path });
    this.programs = [...byPath.values()];
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
