import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { IgnoredChange } from '../core/policy/mergeLayers';
import { policyLocations, type PolicyLocation } from '../core/policy/sources';
import type { PolicyFileRead } from '../machine/policyFile';
import { Emitter } from './emitter';

/** What finding the policy files needs from the editor. */
export interface LocatorEditor {
  readonly workspace: Pick<typeof vscode.workspace,
    'getConfiguration' | 'workspaceFolders' | 'isTrusted' | 'onDidChangeConfiguration' | 'onDidChangeWorkspaceFolders' | 'onDidGrantWorkspaceTrust'>;
}

/** What it needs from the machine (src/machine readers, the process's environment). */
export interface LocatorMachine {
  readonly platform: NodeJS.Platform;
  /** Read at each look: TOOL_POLICY_FILE and the managed path's variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  expandHome(file: string): string;
  readFile(file: string): Promise<PolicyFileRead>;
  somethingAt(file: string): Promise<boolean>;
  /** Replaces the managed policy path; only ever set in test runs (see extension.ts). */
  readonly managedPathOverride?: string;
}

/**
 * Where the policy files are: the managed, user and workspace locations as the settings,
 * the environment and the open folders say now, and what the workspace offers that is
 * refused. Announces when any of those may have moved.
 */
export class PolicyFileLocator implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  /** The setting, the workspace folders or the workspace's trust changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly editor: LocatorEditor, private readonly machine: LocatorMachine) {
    this.subscriptions = [
      editor.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('toolPolicy.policyFile')) this.changed.fire();
      }),
      editor.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()),
      editor.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    ];
  }

  locations(): PolicyLocation[] {
    const { machine, editor } = this;
    // Only the machine-scoped value counts: a workspace settings file cannot name a policy.
    const configured = editor.workspace.getConfiguration('toolPolicy').inspect<string>('policyFile')?.globalValue ?? '';
    return policyLocations({
      platform: machine.platform,
      env: machine.env,
      policyFileSetting: configured ? machine.expandHome(configured) : '',
      workspaceFolders: this.localFolders(),
      workspaceTrusted: editor.workspace.isTrusted,
    }).map((location) => ({
      ...location,
      path: location.layer === 'managed' && machine.managedPathOverride ? machine.managedPathOverride : machine.expandHome(location.path),
    }));
  }

  /**
   * Policy sources the workspace offers and the store refuses, so the panel can show each
   * attempt: a workspace setting naming the policy file (machine scope: only the user's
   * settings count) and a workspace policy in a workspace that is not trusted.
   */
  async refusedSources(): Promise<IgnoredChange[]> {
    const refused: IgnoredChange[] = [];
    for (const folder of this.localFolders()) {
      // The editor drops machine-scoped values from workspace settings without a trace, so
      // the file itself is looked at to show the attempt.
      const settings = path.join(folder, '.vscode', 'settings.json');
      const read = await this.machine.readFile(settings);
      if (read.kind === 'bytes' && /"toolPolicy\.policyFile"\s*:/.test(new TextDecoder().decode(read.bytes))) {
        refused.push({ layer: 'workspace', path: settings, message: 'toolPolicy.policyFile is set in the workspace settings and ignored: only your user settings may name the policy file' });
      }
    }
    if (!this.editor.workspace.isTrusted) {
      for (const folder of this.localFolders()) {
        const file = path.join(folder, '.vscode', 'tool-policy.yaml');
        if (await this.machine.somethingAt(file)) {
          refused.push({ layer: 'workspace', path: file, message: 'not read: this workspace is not trusted, and only a trusted workspace may add rules' });
        }
      }
    }
    return refused;
  }

  /** The open workspace folders on this machine's disk. */
  private localFolders(): string[] {
    return (this.editor.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }
}
